"""Ontzorgen: the support a company can get when it takes a student (handbook H:71-73).

Per approved match the company sees a short panel in plain Dutch. The general blocks are for
every company: SBB's help, the loonkostenvoordeel with its deadline, and for a BBL student the
subsidy for praktijkleren. The blocks that follow from a need (workplace aids through UWV,
transport, an ESB trajectory) appear only when the student shared their support needs with this
company; without that consent the panel is the general text, so it never hints at a need.

Every block names its source and the date its facts were last checked, so updating a fact is
one edit in ``FACTS``. Amounts and terms change: the text points to the organisation that
decides, and the student always applies themselves for what is theirs.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from matcher.bpv.lifecycle import date_text
from matcher.domain import Leerweg, Student, SupportArea, age_on

HANDBOOK = "Handboek passend BPV-onderwijs"
CHECKED = date(2026, 12, 3)
LKV_MONTHS = 3  # the doelgroepverklaring LKV: within 3 months of the start (H:4051-4056)
ESB_MIN_AGE = 18  # ESB: 18 or older (H:3866)


@dataclass(frozen=True, slots=True)
class Fact:
    """One block of the panel: a title, a few plain lines, where it comes from and when the
    facts were last checked."""

    key: str
    title: str
    lines: tuple[str, ...]
    source: str
    checked_on: date = CHECKED


FACTS: dict[str, Fact] = {
    f.key: f
    for f in (
        Fact(
            "sbb",
            "Hulp van SBB",
            (
                "SBB helpt leerbedrijven bij de erkenning en bij het begeleiden van studenten.",
                "Heb je vragen over begeleiden? Vraag het de adviseur praktijkleren van SBB of "
                "de BPV-begeleider van school.",
            ),
            f"{HANDBOOK}, H:71-73; SBB (s-bb.nl)",
        ),
        Fact(
            "lkv",
            "Loonkostenvoordeel (LKV)",
            (
                "Krijgt de student een stagevergoeding waarop jullie loonheffing inhouden? En "
                "hoort de student bij de doelgroep banenafspraak? Dan kunnen jullie recht hebben "
                "op loonkostenvoordeel.",
                "Daarvoor vraagt de student (of jullie, met een machtiging van de student) een "
                "doelgroepverklaring LKV aan bij UWV. Doe dat op tijd: uiterlijk {deadline}.",
                "Willen jullie de student na de BPV in dienst nemen? Dan loopt het voordeel "
                "alleen door als de verklaring bij de start op tijd is aangevraagd.",
            ),
            f"{HANDBOOK}, H:4042-4070 (Wet tegemoetkomingen loondomein)",
        ),
        Fact(
            "bbl",
            "Subsidie praktijkleren (BBL)",
            (
                "Voor een BBL-student kunnen jullie subsidie aanvragen voor de begeleiding: "
                "volgens het handboek tot € 2.700 per student per studiejaar, als jullie ten "
                "minste 40 weken begeleiden.",
                "Het bedrag van dit jaar staat bij de Subsidieregeling praktijkleren van RVO.",
            ),
            f"{HANDBOOK}, H:5267-5270; RVO, Subsidieregeling praktijkleren",
        ),
        Fact(
            "uwv_hulpmiddel",
            "Hulpmiddelen en aanpassingen op de werkplek (UWV)",
            (
                "Heeft de student op de werkplek iets nodig, zoals een aangepaste stoel of "
                "tafel? De student vraagt dit aan bij UWV. Dat kost niets.",
                "Wacht met kopen tot UWV heeft besloten: wat zelf gekocht is, wordt achteraf "
                "niet vergoed.",
            ),
            f"{HANDBOOK}, H:926-936 en H:3640-3730",
        ),
        Fact(
            "vervoer",
            "Vervoer naar jullie bedrijf (UWV)",
            (
                "Kan de student niet zelf met de fiets of het ov komen? Dan kan UWV vervoer "
                "betalen, bijvoorbeeld een taxi of een aangepaste auto.",
                "De student vraagt dit aan bij UWV. UWV kiest het goedkoopste vervoer dat past.",
            ),
            f"{HANDBOOK}, H:3646-3652",
        ),
        Fact(
            "esb",
            "Meer begeleiding dan school kan geven (ESB)",
            (
                "Lukt de BPV ondanks alle hulp niet? Dan kan de BPV-begeleider met de student "
                "een traject bij een ESB-school bespreken. Jullie hoeven daar niets voor te "
                "regelen.",
            ),
            f"{HANDBOOK}, H:3840-3870 (Subsidieregeling ernstige scholingsbelemmeringen)",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Block:
    """A block as shown: title, lines with their dates filled in, source, checked date."""

    key: str
    title: str
    lines: tuple[str, ...]
    source: str
    checked: str


def add_months(on: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when it has fewer days)."""
    month = on.month - 1 + months
    year, month = on.year + month // 12, month % 12 + 1
    return date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def _needs_aids(s: Student) -> bool:
    return (
        s.needs_wheelchair_access
        or s.needs_adapted_toilet
        or s.needs_adjustable_workplace
        or SupportArea.MOBILITEIT in s.support_areas
    )


def _needs_transport(s: Student) -> bool:
    return s.needs_wheelchair_access or SupportArea.MOBILITEIT in s.support_areas


def keys_for(student: Student, *, needs_shared: bool, start: date) -> tuple[str, ...]:
    """Which blocks fit: the general ones always, those that follow from a need only when the
    student shared their needs with this company."""
    keys = ["sbb", "lkv"]
    if student.leerweg is Leerweg.BBL:
        keys.append("bbl")
    if needs_shared:
        if _needs_aids(student):
            keys.append("uwv_hulpmiddel")
        if _needs_transport(student):
            keys.append("vervoer")
        if student.needs_extra_support and age_on(student.birth_date, start) >= ESB_MIN_AGE:
            keys.append("esb")
    return tuple(keys)


def panel(student: Student, *, needs_shared: bool, start: date) -> tuple[Block, ...]:
    """The ontzorgen panel for one approved match starting on ``start``."""
    deadline = date_text(add_months(start, LKV_MONTHS))
    return tuple(
        Block(
            f.key,
            f.title,
            tuple(line.format(deadline=deadline) for line in f.lines),
            f.source,
            date_text(f.checked_on),
        )
        for f in (FACTS[k] for k in keys_for(student, needs_shared=needs_shared, start=start))
    )
