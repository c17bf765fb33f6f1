"""Parse every cell of a Table against a file's column specs, collecting every problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from adapters.tabular.schema import NO_DEFAULT, ColumnSpec
from adapters.tabular.sources import Table
from adapters.tabular.values import BadValueError
from matcher.errors import Issue
from matcher.text import show_hidden

EMPTY_REQUIRED = "dit vak is leeg; vul het in, het is verplicht"
_NONE: frozenset[str] = frozenset()
MISSING_COLUMN = "deze kolom ontbreekt in de kopregel; voeg hem toe, hij is verplicht"


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One data row: its spreadsheet number, parsed values by column, and columns that failed."""

    row: int
    values: dict[str, Any]
    bad: frozenset[str]
    complete: bool  # every required column was present in the header

    @property
    def ok(self) -> bool:
        """True when the row can become a domain value (its location aside)."""
        return self.complete and not self.bad


def check_header(table: Table, specs: Sequence[ColumnSpec], *, needs_location: bool) -> list[Issue]:
    """One issue per missing required column and per contract column named twice."""
    issues: list[Issue] = []
    header = table.header
    for spec in specs:
        count = header.count(spec.name)
        if spec.required and count == 0:
            issues.append(Issue(table.file, None, spec.name, MISSING_COLUMN))
        elif count > 1:
            reason = "deze kolom staat meer dan één keer in de kopregel; laat er één over"
            issues.append(Issue(table.file, None, spec.name, reason))
    has_lat, has_lon = "lat" in header, "lon" in header
    if has_lat != has_lon:
        missing = "lon" if has_lat else "lat"
        reason = "lat en lon horen bij elkaar; voeg ook deze kolom toe"
        issues.append(Issue(table.file, None, missing, reason))
    elif needs_location and "postcode" not in header and not has_lat:
        reason = "de kolom postcode ontbreekt; voeg postcode toe (of de kolommen lat en lon)"
        issues.append(Issue(table.file, None, "postcode", reason))
    return issues


def parse_rows(table: Table, specs: Sequence[ColumnSpec]) -> tuple[list[ParsedRow], list[Issue]]:
    """Parse all rows; empty optional cells get the column default."""
    header = table.header
    complete = all(not s.required or s.name in header for s in specs)
    plan = [
        (s.name, header.index(s.name), s.parse, s.required, s.default)
        for s in specs
        if s.name in header
    ]
    file = table.file
    issues: list[Issue] = []
    parsed: list[ParsedRow] = []
    for number, cells in table.rows:
        size = len(cells)
        values: dict[str, Any] = {}
        bad: list[str] = []
        for name, index, parse, required, default in plan:
            text = cells[index] if index < size else ""
            if text:
                try:
                    values[name] = parse(text)
                except BadValueError as problem:
                    issues.append(Issue(file, number, name, str(problem), show_hidden(text)))
                    bad.append(name)
            elif required:
                issues.append(Issue(file, number, name, EMPTY_REQUIRED))
                bad.append(name)
            elif default is not NO_DEFAULT:
                values[name] = default
        parsed.append(ParsedRow(number, values, frozenset(bad) if bad else _NONE, complete))
    return parsed, issues
