"""The student's own profile (issue 21 item 1): Ik ben / Ik kan / Ik wil (leren) / Ik heb nodig.

Pure core. Each part is a few structured choices plus a short text in the student's own words
(the pitch, H:1932-1965; the persoonlijk profiel, H:1070-1097). Interests count at once: they
are the student's wishes. Everything that changes the facts the hard rules and the needs terms
read (what I need, days, hours, travel) is a *proposal* until a jobcoach or begeleider confirms
it; a round uses only what was confirmed (:func:`apply_profile`). Staff confirm, they never
edit: nothing here lets anyone but the student change the words.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from matcher.domain import DAY_ORDER, Day, Student, TaskKind, TravelMode
from matcher.errors import InvalidInputError
from matcher.text import is_hidden

TEXT_MAX = 280  # "a short text": a few sentences on a phone
SECTORS_MAX = 3

IK_BEN: dict[str, str] = {
    "behulpzaam": "Ik help graag anderen",
    "rustig": "Ik ben rustig",
    "nauwkeurig": "Ik werk precies",
    "vrolijk": "Ik ben vrolijk",
    "zelfstandig": "Ik werk graag zelfstandig",
    "leergierig": "Ik leer graag nieuwe dingen",
    "eerlijk": "Ik ben eerlijk",
    "creatief": "Ik heb goede ideeën",
}
IK_KAN: dict[str, str] = {
    "samenwerken": "Goed samenwerken",
    "luisteren": "Goed luisteren",
    "netjes": "Netjes werken",
    "plannen": "Mijn werk plannen",
    "klanten": "Klanten helpen",
    "computer": "Met de computer werken",
    "doorzetten": "Doorzetten",
}
IK_WIL_LEREN: dict[str, str] = {
    "zelfstandig": "Zelfstandig werken",
    "klanten": "Omgaan met klanten",
    "plannen": "Mijn werk plannen",
    "vak": "Een vak leren",
    "samenwerken": "Samenwerken in een team",
    "taal": "Beter Nederlands op het werk",
}
# Wat ik al gedaan heb: work experience, with the strengths (the persoonlijk profiel asks for
# talents and experience, H:1073-1095). "geen" (none yet) excludes the others.
ERVARING: dict[str, str] = {
    "bijbaan": "Een bijbaan",
    "vrijwilligerswerk": "Vrijwilligerswerk",
    "stage": "Een eerdere stage of BPV",
    "thuis": "Thuis helpen of zorgen voor iemand (mantelzorg)",
    "geen": "Nog geen werkervaring",
}
NO_EXPERIENCE = "geen"
EXPERIENCE = "Wat ik al gedaan heb"  # the form part's name in messages
# Ik heb nodig: what helps me work well (never why). Each maps to a need the matcher reads.
IK_HEB_NODIG: dict[str, str] = {
    "rustige_werkplek": "Een rustige werkplek",
    "vaste_dagindeling": "Een vaste dagindeling",
    "uren_meebewegen": "Uren die kunnen meebewegen",
    "extra_pauzes": "Extra pauzes",
    "vaste_contactpersoon": "Een vaste persoon voor mijn vragen",
    "rolstoel": "Een werkplek die ik met mijn rolstoel kan bereiken",
    "aangepast_toilet": "Een aangepast toilet",
    "verstelbare_werkplek": "Een verstelbare werkplek",
}
TASK_LABELS: dict[TaskKind, str] = {
    TaskKind.MENSEN: "Met mensen werken",
    TaskKind.HANDEN: "Met mijn handen werken",
    TaskKind.BUITEN: "Buiten werken",
    TaskKind.TECHNIEK: "Met techniek werken",
    TaskKind.COMPUTER: "Met de computer werken",
    TaskKind.DIEREN: "Met dieren werken",
    TaskKind.REGELEN: "Dingen regelen en ordenen",
    TaskKind.CREATIEF: "Creatief bezig zijn",
}
DAY_NAMES: dict[Day, str] = {
    Day.MA: "maandag", Day.DI: "dinsdag", Day.WO: "woensdag", Day.DO: "donderdag",
    Day.VR: "vrijdag", Day.ZA: "zaterdag", Day.ZO: "zondag",
}  # fmt: skip
NEED_FIELDS: dict[str, str] = {
    "rustige_werkplek": "needs_quiet_workspace",
    "vaste_dagindeling": "needs_predictable_schedule",
    "uren_meebewegen": "needs_flexible_hours",
    "extra_pauzes": "needs_extra_breaks",
    "rolstoel": "needs_wheelchair_access",
    "aangepast_toilet": "needs_adapted_toilet",
    "verstelbare_werkplek": "needs_adjustable_workplace",
}
FIXED_CONTACT_NEED = 2  # social_support_need from which a fixed contact person is proposed


@dataclass(frozen=True, slots=True)
class Facts:
    """The needs-related part: what a round uses only after a jobcoach or begeleider confirms."""

    needs: frozenset[str] = frozenset()
    days: frozenset[Day] = frozenset()
    hours_per_week: float | None = None
    travel_mode: TravelMode | None = None
    max_travel_minutes: int | None = None

    @property
    def ordered_days(self) -> tuple[Day, ...]:
        """The days in week order."""
        return tuple(d for d in DAY_ORDER if d in self.days)

    def as_json(self) -> dict[str, Any]:
        """Plain values for storage."""
        return {
            "needs": sorted(self.needs),
            "days": [d.value for d in DAY_ORDER if d in self.days],
            "hours_per_week": self.hours_per_week,
            "travel_mode": None if self.travel_mode is None else self.travel_mode.value,
            "max_travel_minutes": self.max_travel_minutes,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Facts | None:
        """Back from storage (None stays None: nothing proposed or confirmed)."""
        if not data:
            return None
        mode = data.get("travel_mode")
        return cls(
            needs=frozenset(data.get("needs", ())),
            days=frozenset(Day(d) for d in data.get("days", ())),
            hours_per_week=data.get("hours_per_week"),
            travel_mode=None if mode is None else TravelMode(mode),
            max_travel_minutes=data.get("max_travel_minutes"),
        )


@dataclass(frozen=True, slots=True)
class Words:
    """The student's own choices and words; shown as written, never rewritten by staff."""

    ik_ben: frozenset[str] = frozenset()
    ik_ben_tekst: str = ""
    ik_kan: frozenset[str] = frozenset()
    ik_kan_tekst: str = ""
    ik_wil: frozenset[str] = frozenset()
    ik_wil_tekst: str = ""
    ik_heb_nodig_tekst: str = ""
    interest_sectors: frozenset[str] = frozenset()
    interest_tasks: frozenset[TaskKind] = frozenset()
    ervaring: frozenset[str] = frozenset()  # work experience (ERVARING keys): a strength
    ervaring_tekst: str = ""  # work experience in the student's own words

    def as_json(self) -> dict[str, Any]:
        """Plain values for storage."""
        return {
            "ik_ben": sorted(self.ik_ben),
            "ik_ben_tekst": self.ik_ben_tekst,
            "ik_kan": sorted(self.ik_kan),
            "ik_kan_tekst": self.ik_kan_tekst,
            "ik_wil": sorted(self.ik_wil),
            "ik_wil_tekst": self.ik_wil_tekst,
            "ik_heb_nodig_tekst": self.ik_heb_nodig_tekst,
            "interest_sectors": sorted(self.interest_sectors),
            "interest_tasks": sorted(t.value for t in self.interest_tasks),
            "ervaring": sorted(self.ervaring),
            "ervaring_tekst": self.ervaring_tekst,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Words:
        """Back from storage."""
        d = data or {}
        return cls(
            ik_ben=frozenset(d.get("ik_ben", ())),
            ik_ben_tekst=d.get("ik_ben_tekst", ""),
            ik_kan=frozenset(d.get("ik_kan", ())),
            ik_kan_tekst=d.get("ik_kan_tekst", ""),
            ik_wil=frozenset(d.get("ik_wil", ())),
            ik_wil_tekst=d.get("ik_wil_tekst", ""),
            ik_heb_nodig_tekst=d.get("ik_heb_nodig_tekst", ""),
            interest_sectors=frozenset(d.get("interest_sectors", ())),
            interest_tasks=frozenset(TaskKind(t) for t in d.get("interest_tasks", ())),
            ervaring=frozenset(d.get("ervaring", ())),
            ervaring_tekst=d.get("ervaring_tekst", ""),
        )


@dataclass(frozen=True, slots=True)
class StudentProfile:
    """The student's words, the facts they proposed and the facts staff confirmed."""

    words: Words = Words()
    proposed: Facts | None = None
    confirmed: Facts | None = None

    @property
    def pending(self) -> bool:
        """Something the student proposed waits for a jobcoach or begeleider."""
        return self.proposed is not None and self.proposed != self.confirmed

    @property
    def proposal_version(self) -> str:
        """A short fingerprint of what the student proposed: the confirm form carries the one
        the jobcoach saw, so a proposal changed since is not confirmed unseen."""
        if self.proposed is None:
            return ""
        plain = json.dumps(self.proposed.as_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(plain.encode()).hexdigest()[:16]


def _choices(values: Iterable[str], allowed: Mapping[str, str], what: str) -> frozenset[str]:
    found = frozenset(v for v in values if v)
    unknown = sorted(found - set(allowed))
    if unknown:
        raise InvalidInputError(
            f"'{unknown[0][:40]}' is geen keuze bij {what}. Kies uit de lijst.", field=what
        )
    return found


def _text(value: str, what: str) -> str:
    text = " ".join(value.split())
    if len(text) > TEXT_MAX:
        raise InvalidInputError(
            f"Je tekst bij {what} is {len(text)} tekens. Maak hem korter: hoogstens {TEXT_MAX}.",
            field=what,
        )
    if any(is_hidden(ch) for ch in text):
        raise InvalidInputError(
            f"Je tekst bij {what} heeft onzichtbare tekens. Typ de tekst opnieuw, zonder te "
            "kopiëren en plakken.",
            field=what,
        )
    return text


def _number(value: str, what: str, low: float, high: float) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise InvalidInputError(
            f"Vul bij {what} een getal in van {int(low)} tot en met {int(high)}.", field=what
        ) from None
    if not low <= number <= high:
        raise InvalidInputError(
            f"Vul bij {what} een getal in van {int(low)} tot en met {int(high)}.", field=what
        )
    return number


def sector_choices(known: Iterable[str], chosen: Iterable[str] = ()) -> list[str]:
    """The branches a student picks from: the companies' sectors and what they chose before
    (so an old choice can still be unticked), lower case and sorted."""
    return sorted({s.strip().lower() for s in (*known, *chosen) if s.strip()})


def parse_profile_form(
    form: Mapping[str, Any], sectors: Iterable[str] | None = None
) -> tuple[Words, Facts]:
    """The student's form as words and proposed facts; a Dutch error naming the problem.

    ``sectors`` are the branches to pick from (:func:`sector_choices`): a branch the companies
    do not have would never match, so it is refused. ``None`` accepts any (the import's way).
    """

    def many(name: str) -> list[str]:
        value = form.get(name, [])
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def one(name: str) -> str:
        value = form.get(name, "")
        return value if isinstance(value, str) else (str(value[0]) if value else "")

    tasks = _choices(many("taken"), {t.value: t.value for t in TaskKind}, "werk dat je graag doet")
    chosen = frozenset(
        s.strip().lower()
        for value in many("branches")
        for s in value.replace(";", ",").split(",")
        if s.strip()
    )
    if len(chosen) > SECTORS_MAX:
        raise InvalidInputError(
            f"Kies hoogstens {SECTORS_MAX} soorten bedrijven.", field="branches"
        )
    for sector in chosen:
        _text(sector, "soorten bedrijven")
    if sectors is not None:
        known = set(sector_choices(sectors))
        unknown = sorted(chosen - known)
        if unknown:
            raise InvalidInputError(
                f"'{unknown[0][:40]}' staat niet in de lijst. Kies een soort bedrijf uit de lijst.",
                field="branches",
            )
    experience = _choices(many("ervaring"), ERVARING, EXPERIENCE)
    if NO_EXPERIENCE in experience and len(experience) > 1:
        raise InvalidInputError(
            f"Je koos bij {EXPERIENCE} '{ERVARING[NO_EXPERIENCE]}' en ook iets anders. "
            "Kies één van de twee.",
            field=EXPERIENCE,
        )
    words = Words(
        ik_ben=_choices(many("ik_ben"), IK_BEN, "Ik ben"),
        ik_ben_tekst=_text(one("ik_ben_tekst"), "Ik ben"),
        ik_kan=_choices(many("ik_kan"), IK_KAN, "Ik kan"),
        ik_kan_tekst=_text(one("ik_kan_tekst"), "Ik kan"),
        ik_wil=_choices(many("ik_wil"), IK_WIL_LEREN, "Ik wil leren"),
        ik_wil_tekst=_text(one("ik_wil_tekst"), "Ik wil leren"),
        ik_heb_nodig_tekst=_text(one("ik_heb_nodig_tekst"), "Ik heb nodig"),
        interest_sectors=chosen,
        interest_tasks=frozenset(TaskKind(t) for t in tasks),
        ervaring=experience,
        ervaring_tekst=_text(one("ervaring_tekst"), EXPERIENCE),
    )
    day_names = {d.value: d for d in Day}
    days = _choices(many("dagen"), day_names, "dagen")
    hours = _number(one("uren"), "uren per week", 1, 40)
    mode_text = one("reizen")
    modes = {m.value: m for m in TravelMode}
    if mode_text and mode_text not in modes:
        raise InvalidInputError("Kies hoe je reist: ov, fiets, auto, lopen of taxi.")
    minutes = _number(one("reistijd"), "reistijd", 5, 120)
    facts = Facts(
        needs=_choices(many("nodig"), IK_HEB_NODIG, "Ik heb nodig"),
        days=frozenset(day_names[d] for d in days),
        hours_per_week=hours,
        travel_mode=modes[mode_text] if mode_text else None,
        max_travel_minutes=None if minutes is None else int(minutes),
    )
    return words, facts


def apply_profile(student: Student, profile: StudentProfile) -> Student:
    """The student as a round sees them: own interests, and only the CONFIRMED facts."""
    w, c = profile.words, profile.confirmed
    changes: dict[str, Any] = {}
    if w.interest_sectors or w.interest_tasks:  # the student's own wishes win over the import
        changes["interest_sectors"] = w.interest_sectors
        changes["interest_tasks"] = w.interest_tasks
    if c is not None:
        for key, field in NEED_FIELDS.items():
            changes[field] = key in c.needs
        if "vaste_contactpersoon" in c.needs:
            changes["social_support_need"] = max(student.social_support_need, FIXED_CONTACT_NEED)
        if c.days:
            changes["days_available"] = c.days
        if c.hours_per_week is not None:
            changes["hours_per_week"] = c.hours_per_week
        if c.travel_mode is not None:
            changes["travel_mode"] = c.travel_mode
        if c.max_travel_minutes is not None:
            changes["max_travel_minutes"] = c.max_travel_minutes
    return replace(student, **changes) if changes else student
