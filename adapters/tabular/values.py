"""Parsers for single cell values, following the contract's conventions.

Every parser takes stripped, non-empty text and returns a typed value, or raises
``BadValueError`` with a reason in plain Dutch that says what is expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import TypeVar

from matcher.domain import (
    Day,
    Facility,
    Leerweg,
    Niveau,
    PlaceLeerweg,
    SupportArea,
    TaskKind,
    TravelMode,
)
from matcher.text import id_problem, name_problem

E = TypeVar("E", bound=Enum)
Parser = Callable[[str], object]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+(?:[.,]0*)?", re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})", re.ASCII)
_SHORT_YEAR_DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{2}", re.ASCII)
_CREBO = re.compile(r"\d{5}", re.ASCII)
_POSTCODE = re.compile(r"([1-9]\d{3})\s*([A-Za-z]{2})?", re.ASCII)

_BOOLS = {"1": True, "0": False, "true": True, "false": False, "ja": True, "nee": False}
_DAY_NAMES = {
    "maandag": Day.MA,
    "dinsdag": Day.DI,
    "woensdag": Day.WO,
    "donderdag": Day.DO,
    "vrijdag": Day.VR,
    "zaterdag": Day.ZA,
    "zondag": Day.ZO,
}
_DAYS = {d.value: d for d in Day} | _DAY_NAMES


class BadValueError(ValueError):
    """A cell value that does not fit its column; the message is the Dutch reason."""


def choices(values: list[str] | tuple[str, ...]) -> str:
    """'kies uit: a, b, c' for a closed vocabulary."""
    return "kies uit: " + ", ".join(values)


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"): such
# text is refused, so nothing stored can turn into a formula when a bureau opens an export.
FORMULA_START = ("=", "+", "-", "@")


def parse_text(text: str) -> str:
    """Free text, kept as written (already stripped); never something a spreadsheet would run."""
    if text.startswith(FORMULA_START):
        raise BadValueError(
            f"begint met '{text[0]}' en lijkt daardoor op een formule, die een spreadsheet zou "
            "uitvoeren; haal dat teken weg of zet er een letter voor"
        )
    return text


def parse_id(text: str) -> str:
    """A student, company or place id: a short code in the safe character set (matcher.text)."""
    problem = id_problem(parse_text(text))
    if problem is not None:
        raise BadValueError(problem)
    return text


def parse_name(text: str) -> str:
    """A name (or other one-line label): free text without invisible or direction characters."""
    problem = name_problem(text)
    if problem is not None:
        raise BadValueError(problem)
    return parse_text(text)


def parse_bool(text: str) -> bool:
    """0/1, true/false, ja/nee in any case."""
    try:
        return _BOOLS[text.lower()]
    except KeyError:
        raise BadValueError("moet ja of nee zijn (1/0, ja/nee of true/false)") from None


def parse_number(text: str) -> float:
    """A decimal number; '1.5' and '1,5' both work."""
    if not _NUMBER.fullmatch(text):
        raise BadValueError("moet een getal zijn, zoals 8 of 1,5")
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise BadValueError("moet een getal zijn, zoals 8 of 1,5")
    return value


def parse_int(text: str) -> int:
    """A whole number ('3' or '3.0')."""
    if not _INTEGER.fullmatch(text):
        raise BadValueError("moet een heel getal zijn, zoals 3")
    return int(text.replace(",", ".").split(".")[0])


def parse_date(text: str) -> date:
    """A date that exists on the calendar: YYYY-MM-DD (the contract), or DD-MM-YYYY and D-M-YYYY
    as Dutch Excel writes it. The year must have four digits: in 03-04-05 nobody can tell which
    part is the year, so a two-digit year is refused rather than guessed."""
    if match := _DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DUTCH_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif _SHORT_YEAR_DATE.fullmatch(text):
        raise BadValueError(
            "het jaar heeft maar twee cijfers; schrijf het jaar voluit, zoals 14-03-2008"
        )
    else:
        raise BadValueError("moet een datum zijn als 14-03-2008 (dag-maand-jaar) of 2008-03-14")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise BadValueError(
            "deze datum bestaat niet; kijk de dag en de maand na (zoals 14-03-2008)"
        ) from None


def parse_crebo(text: str) -> str:
    """A crebo code: exactly five digits."""
    if not _CREBO.fullmatch(text):
        raise BadValueError("moet een crebo-nummer van 5 cijfers zijn, zoals 25180")
    return text


def parse_postcode(text: str) -> str:
    """A Dutch postcode (1234, 1234AB or 1234 AB), returned as '1234AB' or '1234'."""
    match = _POSTCODE.fullmatch(text)
    if not match:
        raise BadValueError("moet een postcode zijn als 1234 AB of 1234")
    digits, letters = match.groups()
    return digits + (letters or "").upper()


def ranged_int(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` up to and including ``high``."""

    def parse(text: str) -> int:
        value = int(text.split(".")[0].split(",")[0]) if _INTEGER.fullmatch(text) else None
        if value is None or not low <= value <= high:
            raise BadValueError(f"moet een heel getal van {low} tot en met {high} zijn")
        return value

    return parse


def bounded_number(
    *, low: float, high: float | None = None, low_inclusive: bool
) -> Callable[[str], float]:
    """A number above (or from) ``low`` and at most ``high``."""
    words = f"{_fmt(low)} of meer" if low_inclusive else f"meer dan {_fmt(low)}"
    if high is not None:
        words += f" en hoogstens {_fmt(high)}"

    def parse(text: str) -> float:
        value = parse_number(text)
        too_low = value < low if low_inclusive else value <= low
        if too_low or (high is not None and value > high):
            raise BadValueError(f"moet een getal zijn van {words}")
        return value

    return parse


def bounded_int(*, low: int) -> Callable[[str], int]:
    """A whole number of at least ``low``."""

    def parse(text: str) -> int:
        value = parse_int(text)
        if value < low:
            raise BadValueError(f"moet een heel getal van {low} of meer zijn")
        return value

    return parse


def enum_of(kind: type[E]) -> Callable[[str], E]:
    """One value of a closed vocabulary, any case."""
    lookup = {str(m.value).lower(): m for m in kind}
    hint = choices([str(m.value) for m in kind])

    def parse(text: str) -> E:
        try:
            return lookup[text.lower()]
        except KeyError:
            raise BadValueError(hint) from None

    return parse


def split_list(text: str) -> list[str]:
    """Values separated by ';', stripped, empty parts dropped."""
    parts = text.split(";")
    if " " in text or "\t" in text:
        parts = [part.strip() for part in parts]
    return [part for part in parts if part]


def parse_days(text: str) -> frozenset[Day]:
    """Days of the week: ma;di;wo (full Dutch names work too)."""
    days = set()
    for part in split_list(text):
        day = _DAYS.get(part.lower())
        if day is None:
            raise BadValueError(f"'{part}' is geen dag; gebruik ma, di, wo, do, vr, za, zo met ;")
        days.add(day)
    if not days:
        raise BadValueError("noem minstens één dag, zoals ma;di;wo")
    return frozenset(days)


def parse_support_areas(text: str) -> frozenset[SupportArea]:
    """Functional support areas separated by ';'."""
    areas = set()
    for part in split_list(text):
        try:
            areas.add(_SUPPORT_AREA(part))
        except BadValueError as problem:
            raise BadValueError(
                f"'{part}' is geen steungebied; {problem} (wat iemand nodig heeft, geen diagnose)"
            ) from None
    return frozenset(areas)


def parse_tasks(text: str) -> frozenset[TaskKind]:
    """Kinds of tasks separated by ';' (interests of a student, work of a place)."""
    tasks = set()
    for part in split_list(text):
        try:
            tasks.add(_TASK_KIND(part))
        except BadValueError as problem:
            raise BadValueError(f"'{part}' is geen soort werk; {problem}") from None
    return frozenset(tasks)


def parse_sectors(text: str) -> frozenset[str]:
    """Sector names separated by ';', in lower case so they compare with a company's sector."""
    sectors = set()
    for part in split_list(text):
        sectors.add(parse_name(part).lower())
    return frozenset(sectors)


def parse_crebos(text: str) -> frozenset[str]:
    """One or more crebo codes separated by ';'."""
    codes = set()
    for part in split_list(text):
        if not _CREBO.fullmatch(part):
            raise BadValueError(f"'{part}' is geen crebo-nummer; gebruik 5 cijfers, zoals 25180")
        codes.add(part)
    if not codes:
        raise BadValueError("noem minstens één crebo-nummer van 5 cijfers")
    return frozenset(codes)


def parse_id_list(text: str) -> tuple[str, ...]:
    """Ids separated by ';', in order, each once, each in the safe id character set."""
    ids = []
    for part in split_list(text):
        problem = id_problem(parse_text(part))
        if problem is not None:
            raise BadValueError(f"'{part[:40]}' {problem}")
        ids.append(part)
    return tuple(dict.fromkeys(ids))


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


_SUPPORT_AREA = enum_of(SupportArea)
_TASK_KIND = enum_of(TaskKind)
parse_facility = enum_of(Facility)
parse_leerweg = enum_of(Leerweg)
parse_place_leerweg = enum_of(PlaceLeerweg)
parse_travel_mode = enum_of(TravelMode)


_NIVEAU = ranged_int(1, 4)


def parse_niveau(text: str) -> Niveau:
    """Mbo level 1-4."""
    return Niveau(_NIVEAU(text))
