"""Notes were stored as sanitised HTML; from now on they are Markdown with their HTML beside.

Each note, in the profiles and in every version of their history (so that the history does not
show a change of format as an edit), becomes Markdown through `html_to_markdown`, and its HTML
column keeps exactly what the pages showed until now: the note cleaned by the allow-list, with
its line breaks as <br>. Going back puts that HTML into the note again.
"""

from django.db import migrations
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe

from countries.notes import html_to_markdown, sanitise_note

BATCH = 500


def _note_columns(model) -> list[tuple[str, str]]:
    names = {field.name for field in model._meta.get_fields()}
    return [(n, f"{n}_html") for n in sorted(names) if n.endswith("_note") and f"{n}_html" in names]


def _rewrite(model, change) -> None:
    columns = _note_columns(model)
    touched = []
    for row in model.objects.all().order_by("pk").iterator(chunk_size=BATCH):
        if any([change(row, note, html) for note, html in columns]):  # every column, no short cut
            touched.append(row)
        if len(touched) >= BATCH:
            model.objects.bulk_update(touched, [c for pair in columns for c in pair])
            touched = []
    if touched:
        model.objects.bulk_update(touched, [c for pair in columns for c in pair])


def _to_markdown(row, note: str, html: str) -> bool:
    old = getattr(row, note)
    if not old or getattr(row, html):
        return False
    shown = linebreaksbr(mark_safe(sanitise_note(old)))  # noqa: S308 (sanitised by nh3)
    setattr(row, html, str(shown))
    setattr(row, note, html_to_markdown(old))
    return True


def _to_html(row, note: str, html: str) -> bool:
    if not getattr(row, html):
        return False
    setattr(row, note, getattr(row, html))
    setattr(row, html, "")
    return True


def forwards(apps, schema_editor):
    for name in ("Profile", "HistoricalProfile"):
        _rewrite(apps.get_model("countries", name), _to_markdown)


def backwards(apps, schema_editor):
    for name in ("Profile", "HistoricalProfile"):
        _rewrite(apps.get_model("countries", name), _to_html)


class Migration(migrations.Migration):
    dependencies = [("countries", "0010_note_html")]

    operations = [migrations.RunPython(forwards, backwards)]
