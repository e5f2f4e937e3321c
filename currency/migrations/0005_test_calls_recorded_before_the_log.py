"""Move the test-call dates typed into the contact form before the log existed into the log.

Each contact's `last_test_call` becomes one logged call that reached someone, by "migrated",
with the note "recorded before the test-call log", unless the log already holds a successful
call on that day. From now on only the log sets `last_test_call`."""

from django.db import migrations, models

NOTE = "recorded before the test-call log"


def forwards(apps, schema_editor):
    Contact = apps.get_model("countries", "Contact")
    ContactTestCall = apps.get_model("currency", "ContactTestCall")
    for contact in Contact.objects.exclude(last_test_call=None).only("pk", "last_test_call"):
        if ContactTestCall.objects.filter(
            contact_id=contact.pk, reached=True, called_on=contact.last_test_call
        ).exists():
            continue
        ContactTestCall.objects.create(
            contact_id=contact.pk,
            called_on=contact.last_test_call,
            reached=True,
            note=NOTE,
            by=None,
            migrated=True,
        )


def backwards(apps, schema_editor):
    apps.get_model("currency", "ContactTestCall").objects.filter(migrated=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("currency", "0004_update_round"),
        ("countries", "0009_contact_test_call_kept_from_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="contacttestcall",
            name="migrated",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="recorded before the test-call log"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
