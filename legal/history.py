"""The versions of the legal basis records, for the conflict-safe edit flow."""

from .models import Declaration, Instrument, Party


def _at(model, pk: int | None, version: int):
    if pk is None:
        return None
    return model.history.filter(id=pk, version=version).order_by("-history_id").first()


def instrument_record(instrument: Instrument | None, version: int):
    return _at(Instrument, instrument.pk if instrument else None, version)


def party_record(party: Party | None, version: int):
    return _at(Party, party.pk if party else None, version)


def declaration_record(declaration: Declaration | None, version: int):
    return _at(Declaration, declaration.pk if declaration else None, version)
