"""The secretariat edits the legal basis: versioned with a reason, audited, conflict-safe;
nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied

from countries.services import EditConflict
from handbook.models import AuditAction, AuditEntry
from legal import services
from legal.models import Declaration, DeclarationKind, Party, PartyStatus
from tests.factories import CountryFactory

from .conftest import instrument

pytestmark = pytest.mark.django_db
SOURCE = "https://example.org/treaty-office/182"


def save(by, country, expected_version=0, **changes):
    return services.party_save(
        instrument=instrument("ets182"),
        country=country,
        changes=changes,
        expected_version=expected_version,
        by=by,
        reason="Treaty office chart",
    )


def test_a_party_record_is_versioned_and_audited(secretariat):
    lv = CountryFactory(code="LV")
    party = save(secretariat, lv, status=PartyStatus.PARTY, since="2008-01-01", source_url=SOURCE)
    party = save(secretariat, lv, 1, note="Art. 17 not binding")
    assert party.version == 2
    record = party.history.order_by("-history_id").first()
    assert (record.version, record.history_change_reason, record.history_user) == (
        2,
        "Treaty office chart",
        secretariat,
    )
    entries = AuditEntry.objects.filter(action=AuditAction.LEGAL_CHANGED, country="LV")
    assert entries.count() == 2
    assert entries.first().actor == secretariat


def test_a_checked_status_needs_its_source(secretariat):
    with pytest.raises(services.LegalDataError, match="source"):
        save(secretariat, CountryFactory(code="LV"), status=PartyStatus.PARTY)
    assert not Party.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.LEGAL_CHANGED).exists()


def test_not_known_needs_no_source(secretariat):
    party = save(secretariat, CountryFactory(code="LV"), status=PartyStatus.NOT_KNOWN)
    assert party.status == PartyStatus.NOT_KNOWN


@pytest.mark.parametrize("who", ["official", "correspondent"])
def test_nobody_but_the_secretariat_may_change_it(request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        save(user, CountryFactory(code="LV"), status=PartyStatus.PARTY, source_url=SOURCE)
    assert not Party.objects.exists()


def test_two_editors_changing_different_fields_both_keep_their_change(secretariat):
    lv = CountryFactory(code="LV")
    save(secretariat, lv, status=PartyStatus.PARTY, source_url=SOURCE)
    save(secretariat, lv, 1, since="2008-01-01")
    party = save(secretariat, lv, 1, note="Opened version 1, changed only the note")
    assert (party.version, str(party.since), party.note) == (
        3,
        "2008-01-01",
        "Opened version 1, changed only the note",
    )


def test_two_editors_changing_the_same_field_get_a_conflict(secretariat):
    lv = CountryFactory(code="LV")
    save(secretariat, lv, status=PartyStatus.PARTY, source_url=SOURCE)
    save(secretariat, lv, 1, note="First")
    with pytest.raises(EditConflict) as conflict:
        save(secretariat, lv, 1, note="Second")
    assert conflict.value.clashes == ["note"]
    assert Party.objects.get().note == "First"


def test_declarations_are_added_changed_and_removed_with_history(secretariat, official):
    party = save(secretariat, CountryFactory(code="LV"), status="party", source_url=SOURCE)
    declaration = services.declaration_add(
        party=party,
        data={
            "kind": DeclarationKind.AUTHORITY,
            "article": "art. 18(4)",
            "text": "Ministry of the Interior",
            "source_url": SOURCE,
        },
        by=secretariat,
        reason="Declaration at ratification",
    )
    with pytest.raises(PermissionDenied):
        services.declaration_update(
            declaration=declaration,
            changes={"text": "Changed"},
            expected_version=1,
            by=official,
            reason="Not mine to change",
        )
    services.declaration_update(
        declaration=declaration,
        changes={"text": "Ministry of the Interior (State Police)"},
        expected_version=1,
        by=secretariat,
        reason="Updated declaration",
    )
    services.declaration_delete(
        declaration=declaration, expected_version=2, by=secretariat, reason="Withdrawn"
    )
    assert not Declaration.objects.exists()
    reasons = list(
        Declaration.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Declaration at ratification", "Updated declaration", "Withdrawn"]
    assert AuditEntry.objects.filter(action=AuditAction.LEGAL_CHANGED).count() == 4
