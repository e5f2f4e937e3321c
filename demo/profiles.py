"""Demonstration profiles and contact points for a local run.

Invented content: it shows how the handbook works and is marked on every page as not the law of
the state concerned and not legal advice. Contacts are fictitious (example.org addresses and
numbers from ranges reserved for drama or testing where the state has one).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import phonenumbers
from django.utils import timezone

from accounts.models import User
from countries.models import Country, Profile
from countries.services import (
    contact_create,
    profile_confirm,
    profile_update,
)
from currency.services import contact_test_call_record


def hours(n: int) -> timedelta:
    return timedelta(hours=n)


def days(n: int) -> timedelta:
    return timedelta(days=n)


# What most demo states say; each state below overrides what makes it different.
BASE: dict[str, Any] = {
    "cd_possible": "yes",
    "legal_basis": "Code of Criminal Procedure, art. 126 (demo)",
    "legal_basis_url": "https://legislation.example.org/ccp/126",
    "defined_in_law": "yes",
    "variants": ["incoming", "outgoing", "transit", "monitored", "live", "partial_substitution"],
    "goods": ["drugs", "precursors", "other_goods"],
    "related_measures": ["surveillance", "tracking", "undercover"],
    "double_criminality": "no",
    "authority_incoming": ["prosecutor"],
    "authority_outgoing": ["prosecutor"],
    "authority_transit": ["prosecutor"],
    "authority_stage": "The public prosecutor where the consignment enters decides; the national "
    "prosecutor is informed the same day.",
    "place_unknown_rule": "The prosecutor of the capital decides until the place is known.",
    "judicial_authorisation": "no",
    "ministerial_notification": "no",
    "preconditions": ["no_other_means", "continuous_access"],
    "max_duration": days(30),
    "request_channel": ["mla", "police"],
    "formal_request": "after",
    "formal_request_condition": "A written request must follow within 3 days.",
    "urgent_oral": "yes",
    "urgent_to_whom": "The duty public prosecutor, reached through the 24/7 police desk.",
    "oral_confirmation": hours(72),
    "decision_time_normal": days(3),
    "decision_time_urgent": hours(6),
    "languages": ["en"],
    "other_language_rule": "Translated by the central office; allow one extra day.",
    "encryption_required": "no",
    "request_content": ["requesting_authority", "facts", "consignment", "route", "persons"],
    "qualifying_offences": "any",
    "substances": ["narcotic", "psychotropic", "precursors"],
    "nps_controlled": "yes",
    "nps_controlled_condition": "Generic listing of synthetic cannabinoids and cathinones.",
    "quantity_threshold": "no",
    "refusal_grounds": ["risk_to_life", "entrapment"],
    "market_never": "no",
    "host_intervention": "any_time",
    "third_state_legs": "allowed",
    "substitution": "partial",
    "substitution_records_admissible": "yes",
    "interception": "any_point",
    "loss_of_control": "The operation is stopped and the consignment seized at the next "
    "possible point; the requesting state is told at once.",
    "foreign_officers": "unarmed",
    "foreign_officer_powers": "Observation only; no arrest, no search.",
    "border_handover": "Surveillance is handed over at the border crossing point agreed "
    "in advance.",
    "tracking_devices": "yes",
    "tracking_authorisation": "yes",
    "combined_techniques": ["undercover", "interception", "jit"],
    "lead_on_territory": ["police"],
    "stop_conditions": "Danger to persons, loss of the consignment or an order of the "
    "authorising prosecutor.",
    "safety": "Undercover officers' identities are never written in the file.",
    "foreign_evidence": "yes",
    "custody": "Samples are taken by the national laboratory; the chain of custody is "
    "recorded on the national form.",
    "foreign_testimony": "conditional",
    "foreign_testimony_condition": "By video link where the court agrees.",
    "information_duty": "Daily updates to the requesting state while the delivery lasts.",
    "reporting": "A final report within 30 days.",
    "costs": "Each state bears its own costs.",
    "oversight": "The authorising prosecutor, then the trial court.",
    "proportionality": "Weighed in the written decision: seriousness, quantity, other means.",
    "data_protection": "Data exchanged may be used only for the case; kept 5 years.",
    "pitfalls": "Requests sent to the wrong regional office lose a day.",
    "tips": "Call the 24/7 desk before sending anything in writing.",
    "statistics": "About 40 deliveries a year.",
    "guides": "National guide on special investigative techniques (demo), 2025.",
    "legal_note": "The law distinguishes **monitored** and **assisted** deliveries.",
    "authorisation_note": "Urgent requests may be made by telephone to the duty prosecutor.",
    "operations_note": "Substitution needs the agreement of the laboratory.",
    "evidence_note": "Foreign reports are admitted if signed and dated.",
    "safeguards_note": "Judicial review follows at trial.",
    "practical_note": "Send the request in English where possible.\n\n"
    "- Call the 24/7 desk first.\n- Then send the written request.",
}

STATES: dict[str, dict[str, Any]] = {
    "FR": {
        "legal_basis": "Code de procédure pénale, art. 706-32 (demo)",
        "authority_incoming": ["prosecutor", "investigating_judge"],
        "authority_transit": ["prosecutor"],
        "judicial_authorisation": "yes",
        "substitution": "required",
        "substitution_condition": "Live drugs may not leave customs control.",
        "foreign_officers": "unarmed",
        "urgent_oral": "conditional",
        "urgent_oral_condition": "Only from a judicial authority",
        "formal_request": "before",
        "decision_time_normal": days(5),
        "decision_time_urgent": hours(12),
        "languages": ["fr"],
        "request_content": BASE["request_content"] + ["end_point", "substitution"],
        "market_never": "yes",
        "market_never_condition": "Live drugs may not leave customs control.",
        "refusal_grounds": ["risk_to_life", "entrapment", "surveillance_not_secured"],
        "legal_note": "The investigating judge must be informed of any delivery that ends in "
        "France. See the [national guide](https://legislation.example.org/fr).",
    },
    "BE": {
        "authority_transit": ["prosecutor", "customs"],
        "substitution": "none",
        "substitution_condition": "Live delivery only: substitution breaks the evidence chain.",
        "foreign_officers": "armed",
        "foreign_officers_condition": "Armed only under a bilateral agreement.",
        "quantity_threshold": "yes",
        "quantity_threshold_condition": "Cannabis: at least 10 kg; cocaine or heroin: 1 kg.",
        "languages": ["fr", "nl", "de", "en"],
        "decision_time_normal": days(2),
        "decision_time_urgent": hours(4),
    },
    "NL": {
        "authority_outgoing": ["prosecutor"],
        "authority_transit": ["prosecutor"],
        "substitution": "full",
        "foreign_officers": "armed",
        "decision_time_normal": hours(24),
        "decision_time_urgent": hours(2),
        "languages": ["nl", "en", "de"],
        "request_channel": ["mla", "police", "customs"],
        "formal_request": "not_needed",
        "formal_request_condition": "",
        "host_intervention": "agreed",
    },
    "DE": {
        "legal_basis": "Strafprozessordnung (demo), section 163f",
        "authority_incoming": ["prosecutor", "court"],
        "judicial_authorisation": "conditional",
        "judicial_authorisation_condition": "A court order after 3 days",
        "substitution": "full",
        "foreign_officers": "no",
        "foreign_officers_condition": "Surveillance is taken over by German officers.",
        "languages": ["de", "en"],
        "decision_time_normal": days(2),
        "decision_time_urgent": hours(3),
    },
    "ES": {
        "authority_incoming": ["investigating_judge"],
        "authority_outgoing": ["investigating_judge", "prosecutor"],
        "authority_transit": ["prosecutor"],
        "judicial_authorisation": "yes",
        "substitution": "partial",
        "languages": ["es", "en", "fr"],
        "decision_time_normal": days(4),
        "decision_time_urgent": hours(8),
    },
    "IT": {
        "authority_incoming": ["prosecutor"],
        "ministerial_notification": "yes",
        "ministerial_notification_condition": "The central anti-drug directorate is told.",
        "substitution": "partial",
        "foreign_officers": "unarmed",
        "languages": ["it", "en"],
        "decision_time_normal": days(7),
        "decision_time_urgent": hours(24),
    },
    "PT": {
        "authority_incoming": ["prosecutor"],
        "judicial_authorisation": "yes",
        "languages": ["pt", "es", "en"],
        "decision_time_normal": days(10),
        "decision_time_urgent": hours(48),
        "urgent_oral": "no",
    },
    "PL": {
        "authority_incoming": ["prosecutor"],
        "authority_transit": ["prosecutor", "customs"],
        "substitution": "full",
        "foreign_officers": "armed",
        "languages": ["pl", "en", "de"],
        "decision_time_normal": days(2),
        "decision_time_urgent": hours(6),
    },
    "AT": {
        "authority_incoming": ["prosecutor"],
        "judicial_authorisation": "conditional",
        "judicial_authorisation_condition": "Court approval when it lasts over a month",
        "substitution": "required",
        "foreign_officers": "unarmed",
        "languages": ["de", "en"],
        "decision_time_normal": days(3),
        "decision_time_urgent": hours(6),
    },
    "CH": {
        "authority_incoming": ["prosecutor"],
        "authority_transit": ["ministry"],
        "ministerial_notification": "yes",
        "substitution": "partial",
        "foreign_officers": "no",
        "languages": ["de", "fr", "it", "en"],
        "decision_time_normal": days(5),
        "decision_time_urgent": hours(24),
        "urgent_oral": "no",
    },
    "TR": {
        "authority_incoming": ["court"],
        "authority_outgoing": ["prosecutor"],
        "authority_transit": ["court"],
        "judicial_authorisation": "yes",
        "substitution": "none",
        "foreign_officers": "no",
        "languages": ["tr", "en"],
        "decision_time_normal": days(7),
        "decision_time_urgent": hours(24),
        "encryption_required": "yes",
        "qualifying_offences": "extraditable",
        "qualifying_offences_condition": "Offences punishable by at least one year.",
        "third_state_legs": "guarantees",
        "nps_controlled": "no",
        "nps_controlled_condition": "Only substances on the national lists (demo).",
    },
    "NO": {
        "authority_incoming": ["police"],
        "authority_outgoing": ["police"],
        "authority_transit": ["police", "customs"],
        "substitution": "full",
        "foreign_officers": "unarmed",
        "languages": ["nb", "en", "sv", "da"],
        "decision_time_normal": hours(48),
        "decision_time_urgent": hours(2),
    },
}

# Answers deliberately left unknown, so that "Not known" shows how it looks.
UNKNOWN = {
    "TR": ["foreign_testimony", "max_duration", "tracking_authorisation"],
    "CH": ["statistics", "custody"],
}

# Later versions, with the reasons a correspondent would give.
EDITS = [
    (
        "FR",
        "correspondent",
        {"decision_time_urgent": hours(8)},
        "Circular of the Ministry of Justice, March 2026",
    ),
    (
        "FR",
        "secretariat",
        {"tips": "Copy the national central office on every request."},
        "Lesson from the 2025 review meeting",
    ),
    ("BE", "correspondent", {"decision_time_normal": days(1)}, "New duty prosecutor rota"),
    (
        "DE",
        "secretariat",
        {"statistics": "About 60 deliveries a year (2025)."},
        "Annual statistics",
    ),
    (
        "DE",
        "secretariat",
        {"foreign_officers_condition": "Hand-over at the border only."},
        "Clarified with the federal police",
    ),
]

STALE = ["PT", "IT"]  # last confirmed 13 months ago
NEVER_CONFIRMED = ["TR"]
OVERDUE_TEST_CALL = ["ES", "CH"]


def demo_phone(code: str, n: int) -> str:
    """A fictitious number: France's range reserved for fiction, else libphonenumber's example."""
    if code == "FR":
        return f"+3319900120{n}"
    example = phonenumbers.example_number_for_type(code, phonenumbers.PhoneNumberType.FIXED_LINE)
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    candidate = f"{e164[:-1]}{n}"
    valid = phonenumbers.is_valid_number(phonenumbers.parse(candidate))
    return candidate if valid else e164


LANGUAGE = {
    "FR": "fr",
    "BE": "fr",
    "NL": "nl",
    "DE": "de",
    "ES": "es",
    "IT": "it",
    "PT": "pt",
    "PL": "pl",
    "AT": "de",
    "CH": "de",
    "TR": "tr",
    "NO": "nb",
}


def _tested_on(code: str):
    """The day the state's 24/7 numbers were last test-called (logged by the loader)."""
    return timezone.localdate() - timedelta(days=240 if code in OVERDUE_TEST_CALL else 30)


def _contacts(code: str) -> list[dict[str, Any]]:
    lower, lang = code.lower(), LANGUAGE[code]
    return [
        {
            "role": "police_24_7",
            "organisation": f"National Police ({code}, demo)",
            "unit": "International co-operation 24/7 desk",
            "function": "Duty officer",
            "languages": [lang, "en"],
            "phone": demo_phone(code, 1),
            "email": f"desk247.{lower}@example.org",
            "secure_channels": ["siena", "i247"],
            "available_24_7": True,
            "hours": "24/7",
        },
        {
            "role": "customs",
            "organisation": f"Customs Administration ({code}, demo)",
            "unit": "Drugs investigation unit",
            "function": "Head of unit",
            "languages": [lang, "en"],
            "phone": demo_phone(code, 2),
            "email": f"customs.{lower}@example.org",
            "secure_channels": ["cencomm"],
            "hours": "Mon–Fri 08:00–18:00 local time",
        },
        {
            "role": "judicial",
            "organisation": f"Prosecutor General's Office ({code}, demo)",
            "unit": "Organised crime section",
            "function": "Duty prosecutor",
            "name": "Alex Example",
            "languages": list(dict.fromkeys([lang, "en", "fr"])),
            "phone": demo_phone(code, 3),
            "email": f"prosecutor.{lower}@example.org",
            "available_24_7": True,
            "hours": "24/7 by the duty phone",
        },
        {
            "role": "europol",
            "organisation": f"Europol National Unit ({code}, demo)",
            "function": "Liaison desk",
            "languages": ["en"],
            "phone": demo_phone(code, 4),
            "email": f"enu.{lower}@example.org",
            "secure_channels": ["siena"],
            "hours": "Mon–Fri 07:00–19:00 local time",
        },
    ]


# The contact point each linked answer names, by its role (the contacts are created first).
CONTACT_LINKS = {
    "authority_incoming_contact": "judicial",
    "authority_outgoing_contact": "judicial",
    "authority_transit_contact": "judicial",
    "cd_contact": "police_24_7",
}


def demo_answers() -> dict[str, dict[str, Any]]:
    """Each demo state's first version: the common answers, its own, and those left unknown."""
    found = {}
    for code, overrides in STATES.items():
        answers = {**BASE, **overrides}
        for key in UNKNOWN.get(code, []):
            answers[key] = None if isinstance(answers.get(key), (list, timedelta)) else ""
            answers.pop(f"{key}_condition", None)
        found[code] = answers
    return found


def demo_profiles_load(*, correspondent: User, secretariat: User) -> None:
    """Load the demonstration profiles once; a second run changes nothing."""
    if Profile.objects.filter(demo=True).exists():
        return
    countries = {c.code.code: c for c in Country.objects.filter(code__in=STATES)}
    for code, answers in demo_answers().items():
        country = countries[code]
        by_role = {}
        for contact in _contacts(code):
            created = contact_create(
                country=country,
                data=contact,
                by=secretariat,
                reason="Initial demonstration content",
            )
            if created.available_24_7:
                contact_test_call_record(
                    contact=created,
                    called_on=_tested_on(code),
                    reached=True,
                    note="Demonstration call",
                    by=secretariat,
                )
            by_role[created.role] = created.pk
        links = {key: by_role[role] for key, role in CONTACT_LINKS.items()}
        profile_update(
            country=country,
            changes={**answers, **links},
            expected_version=0,
            by=secretariat,
            reason="Initial demonstration content",
        )
    users = {"correspondent": correspondent, "secretariat": secretariat}
    for code, who, changes, reason in EDITS:
        current = Profile.objects.get(country=countries[code])
        profile_update(
            country=countries[code],
            changes=changes,
            by=users[who],
            reason=reason,
            expected_version=current.version,
        )
    for code in STATES:
        if code not in NEVER_CONFIRMED:
            profile_confirm(country=countries[code], by=secretariat)
    Profile.objects.filter(country__in=STALE).update(
        confirmed_at=timezone.now() - timedelta(days=395)
    )
    Profile.objects.filter(country__in=STATES).update(demo=True)
