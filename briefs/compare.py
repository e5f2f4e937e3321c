"""Side-by-side comparison: states as columns, the schema's questions as rows.

On paper a page holds only a few columns, so the matrix is also cut into groups of states, each
printed with the question column repeated, so that every chosen state is printed in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from countries import schema
from countries.models import Contact, Country
from countries.schema import shows_typed_text


def named_contacts(countries: list[Country]) -> QuerySet[Contact]:
    """The contact points a comparison shows: those its answers name."""
    return Contact.objects.filter(
        pk__in=schema.linked_contacts(c.profile_or_none for c in countries)
    )


MAX_STATES = 20  # more columns than this are no longer a comparison anyone can read
PDF_COLUMNS = 5  # states per page of the landscape A4 PDF, beside the question column
PRINT_COLUMNS = 4  # states per page when the browser prints the page (A4 portrait)


def answer_cell(answer: schema.Answer, *, lang: str = "", text_lang: str = "") -> SafeString:
    """One cell of the matrix: the answer's badge (schema.Answer.badge) in a <td>, the condition
    also on hover. Built once per cell in Python: the template's include and lookups, once
    per cell and twice per page (screen and print), were most of the page's time. `lang` is
    the language the state's entry is written in (for the condition, on the cell, so that its
    title is read in it too; the badge then says its own language), `text_lang` the same when
    the answer itself is typed text (shows_typed_text), as in Answer.html."""
    lang_attr = format_html(' lang="{}"', lang) if lang and answer.condition else ""
    if text_lang and answer.known:
        badge = answer.badge(text_lang)
    else:  # the portal's words inside a cell marked with the entry's language
        badge = answer.badge(translation.get_language() if lang_attr else "")
    if not answer.condition:
        return format_html("<td>{}</td>", badge)
    return format_html(
        '<td title="{}"{}>{}<span class="condition">{}</span></td>',
        answer.condition,
        lang_attr,
        badge,
        answer.condition,
    )


@dataclass
class MatrixRow:
    question: schema.Question
    answers: list[schema.Answer]
    differs: bool  # across every chosen state, not only those of one printed group
    cells: list[SafeString] = field(default_factory=list)  # the answers' <td>, in order


@dataclass
class MatrixSection:
    section: schema.Section
    rows: list[MatrixRow]


@dataclass
class MatrixGroup:
    """Some of the chosen states with their answers: one band of pages on paper."""

    countries: list[Country]
    matrix: list[MatrixSection]
    first: int  # 1-based position of its first state among all chosen

    @property
    def last(self) -> int:
        return self.first + len(self.countries) - 1


def build_matrix(countries: list[Country], sections: list[schema.Section]) -> list[MatrixSection]:
    matrix = []
    languages = [c.content_language for c in countries]
    for section in sections:
        rows = []
        for question in section.questions:
            answers = [
                question.answer(c.profile) if c.profile_or_none else schema.NOT_KNOWN
                for c in countries
            ]
            # a state with no entry yet has no answer to differ: it is shown as such instead
            entered = [a for a, c in zip(answers, countries, strict=True) if c.profile_or_none]
            differs = len({(a.text, a.condition) for a in entered}) > 1
            typed = shows_typed_text(question)
            cells = [
                answer_cell(a, lang=lang, text_lang=lang if typed else "")
                for a, lang in zip(answers, languages, strict=True)
            ]
            rows.append(MatrixRow(question, answers, differs, cells))
        matrix.append(MatrixSection(section, rows))
    return matrix


def column_groups(
    countries: list[Country], matrix: list[MatrixSection], size: int
) -> list[MatrixGroup]:
    """The matrix cut into groups of at most `size` states, each state in exactly one group."""
    groups = []
    for start in range(0, len(countries), size):
        end = start + size
        groups.append(
            MatrixGroup(
                countries[start:end],
                [
                    MatrixSection(
                        block.section,
                        [
                            MatrixRow(
                                r.question, r.answers[start:end], r.differs, r.cells[start:end]
                            )
                            for r in block.rows
                        ],
                    )
                    for block in matrix
                ],
                start + 1,
            )
        )
    return groups
