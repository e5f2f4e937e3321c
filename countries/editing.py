"""The one conflict-safe edit flow, shared by every form that edits a versioned record."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from . import services
from .history import column_changes
from .models import Versioned


class _Merged:
    """The record a person sees after a conflict: the current version with their changes."""

    def __init__(self, current: Versioned, mine: dict):
        self._current, self._mine = current, mine
        self.version = current.version

    def __getattr__(self, name: str):
        return self._mine[name] if name in self._mine else getattr(self._current, name)


def _conflict_context(
    form, *, columns, before, now, mine: dict, clashes: list, opened: int, lang: str
):
    rows = column_changes(
        {c: columns[c] for c in form.columns},
        before,
        now,
        mine={c: mine[c] for c in clashes},
        lang=lang,
    )
    return {"rows": rows, "opened": opened, "who": getattr(now, "updated_by", None)}


def versioned_edit(
    request: HttpRequest,
    *,
    form_class,
    record: Versioned | None,
    record_at,
    columns: dict,
    save,
    saved: str,
    next_url: str,
    template: str,
    context: dict,
    content_language: str = "",
) -> HttpResponse:
    """The one edit flow of versioned records (profiles, contact points, the legal basis).

    A save applies what this person changed since the version they opened. If someone saved
    meanwhile, those changes go on top of theirs; where both changed a field, the form comes
    back with both values side by side, and the person chooses before anything is saved.
    `content_language` is the language people wrote the record in, where it does not say so
    itself (a contact point: its state's), for the `lang` of their words on the conflict page.
    """
    previewing = form_class.has_preview and request.method == "POST" and "preview" in request.POST
    form = form_class(request.POST or None, record=record, previewing=previewing)
    conflict = None
    if previewing:  # show the note as it will read, keep everything typed, save nothing
        form.is_valid()
        context = {**context, "note_preview": form.note_preview()}
    elif request.method == "POST" and form.is_valid():
        started, changes = form.cleaned_data["version"], form.changes()
        clashes = [c for c in request.POST.getlist("clash") if c in form.columns]
        keep = {c: request.POST.get(f"keep_{c}") for c in clashes}
        if any(choice not in ("mine", "theirs") for choice in keep.values()):
            opened = _int(request.POST.get("opened"), default=started)
            conflict = _conflict_context(
                form,
                columns=columns,
                before=record_at(opened),
                now=record_at(started),
                mine=changes,
                clashes=clashes,
                opened=opened,
                lang=content_language,
            )
            messages.error(
                request, gettext("Choose which value to keep for each field marked below.")
            )
        else:
            base = record_at(started)
            for column in (c for c, choice in keep.items() if choice == "theirs"):
                changes[column] = getattr(base, column)
            delta = services.edit_delta(changes, base)
            if not delta:
                messages.info(request, gettext("Nothing was changed, so no new version was saved."))
                return redirect(next_url)
            try:
                result = save(
                    changes=delta, expected_version=started, reason=form.cleaned_data["reason"]
                )
            except services.EditConflict as stale:
                current, reason = stale.current, form.cleaned_data["reason"]
                form = form_class(record=_Merged(current, stale.mine))
                form.initial["reason"] = reason
                conflict = _conflict_context(
                    form,
                    columns=columns,
                    before=stale.base,
                    now=current,
                    mine=stale.mine,
                    clashes=stale.clashes,
                    opened=started,
                    lang=content_language,
                )
                messages.error(request, _conflict_message(current, started))
            else:
                if result.version != started + 1:
                    saved = gettext(
                        "%(saved)s Someone had saved a newer version meanwhile: only your "
                        "changes were applied, on top of theirs."
                    ) % {"saved": saved}
                messages.success(request, saved)
                return redirect(next_url)
    return render(request, template, {**context, "form": form, "conflict": conflict})


def _conflict_message(current: Versioned, started: int) -> str:
    words = {"who": current.updated_by, "version": current.version, "started": started}
    if current.updated_by is None:
        message = gettext(
            "Someone saved version %(version)s while you were editing version %(started)s. "
            "Nothing is saved yet. Your changes to other fields are kept in the form; for each "
            "field you both changed, choose which value to keep, then save again."
        )
    else:
        message = gettext(
            "%(who)s saved version %(version)s while you were editing version %(started)s. "
            "Nothing is saved yet. Your changes to other fields are kept in the form; for each "
            "field you both changed, choose which value to keep, then save again."
        )
    return message % words


def _int(value, *, default: int) -> int:
    return int(value) if value and value.isascii() and value.isdigit() else default
