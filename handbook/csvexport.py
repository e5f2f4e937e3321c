"""The one way the portal writes CSV: every cell is neutralised against formula injection.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return
before one) as a formula; such a cell gets a leading apostrophe, which spreadsheets show as
text (docs/security.md, "Exports").
"""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.lstrip(" ")[:1] in FORMULA_STARTS or text[:1] in FORMULA_STARTS:
        return "'" + text
    return text


class SafeCSVWriter:
    """csv.writer with every cell passed through `csv_cell`."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]):
        """Write one row; returns what the stream's write returned (see `csv_lines`)."""
        return self._writer.writerow([csv_cell(value) for value in row])


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row as one neutralised CSV line, for a streaming response (bounded memory)."""
    writer = SafeCSVWriter(_Echo())
    for row in rows:
        yield writer.writerow(row)
