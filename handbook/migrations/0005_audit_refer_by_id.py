"""Audit entries refer to people by id only: rewrite the existing ones once.

Run as the database owner (as every migration is): the append-only trigger is switched off
for this one rewrite, in the same transaction, and on again before it commits. Names, e-mail
addresses and usernames leave `detail`; a failed login that named an account now points at
that account by id, one that named no account says "unknown". The labels go with the column
in the next migration. docs/security.md, "Audit log".
"""

import re

from django.db import migrations

TRIGGER = "handbook_auditentry_append_only"
TRIED = re.compile(r"^username tried: (?P<name>.*)$", re.DOTALL)
GRANT = re.compile(r"^(?P<code>[A-Z]{2}) (?P<verb>granted to|withdrawn from) .*$", re.DOTALL)
USER_FILTER = re.compile(r"(?<![\w])user=[^&,]*")


def rewrite(entry, User) -> bool:
    detail = entry.detail
    tried = TRIED.match(detail)
    if tried:
        name = tried.group("name")
        account = User.objects.filter(username=name).first() if name else None
        if account is not None:
            entry.target_type, entry.target_id = "accounts.user", str(account.pk)
            entry.detail = "username tried: the target account"
        else:
            entry.detail = "username tried: unknown"
    elif detail.startswith("nominated by "):
        entry.detail = "nominated"
    elif GRANT.match(detail):
        match = GRANT.match(detail)
        entry.detail = f"{match.group('code')} {match.group('verb').split()[0]}"
    elif USER_FILTER.search(detail):
        entry.detail = USER_FILTER.sub("user", detail)
    return entry.detail != detail


def scrub(apps, schema_editor):
    AuditEntry = apps.get_model("handbook", "AuditEntry")
    User = apps.get_model("accounts", "User")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        # ALTER TABLE refuses to run while deferred checks of earlier writes are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE handbook_auditentry DISABLE TRIGGER {TRIGGER}")
    for entry in AuditEntry.objects.exclude(detail="").iterator():
        if rewrite(entry, User):
            entry.save(update_fields=["target_type", "target_id", "detail"])
    if postgres:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE handbook_auditentry ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0004_admin_changed_action"),
        ("accounts", "0004_session_epoch"),
    ]
    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
