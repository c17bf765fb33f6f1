"""Explanations for one chosen pair, in Dutch mogelijkhedentaal, for three audiences.

* ``student``: jij-form, short and simple, what fits and what to agree on.
* ``staff`` (bureau, jobcoach): the same points plus the numbers behind each term.
* ``company``: NEEDS ONLY, what helps the student work well. Never a diagnosis, a capacity
  score, energy or spoons, or a support-area name (domain.md R5, Wet op de medische keuringen).

Anything 'arrangeable' is stated as what must be arranged before the start (its own list, never
repeated among the points of attention). Travel figures are estimates, rounded once for the whole
site (``matcher.nl.travel_minutes``). Only called for proposals and shortlists, never for all
pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from matcher.domain import Company, Facility, Place, Student, TaskKind, TravelMode, age_on
from matcher.nl import and_list, number, score_out_of_100, travel_text

MAX_REASONS = 4
MAX_ATTENTION = 4  # "Goed om te weten": the most important few, not every point
TERM_LABELS: dict[str, str] = {
    "fysiek": "Lichamelijk werk",
    "sociaal": "Sfeer en contact",
    "bedrijfsmatig": "Begeleiding door het bedrijf",
    "psychisch": "Drukte en prikkels",
    "uren": "Uren en werktijden",
    "reis": "Reistijd",
    "voorkeur": "Eigen voorkeur",
    "interesse": "Interesses",
    "learned": "Ervaring uit eerdere plaatsingen",
}
MODE_WORDS: dict[TravelMode, str] = {
    TravelMode.OV: "met het ov",
    TravelMode.FIETS: "met de fiets",
    TravelMode.AUTO: "met de auto",
    TravelMode.LOPEN: "te voet",
    TravelMode.TAXI: "met de taxi",
}

# What a kind of task means, as the end of "Je wilt graag ...".
TASK_WORDS: dict[TaskKind, str] = {
    TaskKind.MENSEN: "met mensen werken",
    TaskKind.HANDEN: "met je handen werken",
    TaskKind.BUITEN: "buiten werken",
    TaskKind.TECHNIEK: "met techniek werken",
    TaskKind.COMPUTER: "met de computer werken",
    TaskKind.DIEREN: "met dieren werken",
    TaskKind.REGELEN: "dingen regelen en ordenen",
    TaskKind.CREATIEF: "creatief bezig zijn",
}
MAX_TASK_WORDS = 2


class Audience(StrEnum):
    """Who reads the explanation."""

    STUDENT = "student"
    STAFF = "staff"
    COMPANY = "company"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Strongest reasons, what to arrange, points of attention and (staff) the numbers per term.

    ``arrange`` (what must be arranged before the start) and ``attention`` never repeat each
    other, so a page can show them in two boxes.
    """

    audience: Audience
    reasons: tuple[str, ...]
    attention: tuple[str, ...]
    details: tuple[str, ...] = ()
    arrange: tuple[str, ...] = ()

    def text(self) -> str:
        """The sentences as one paragraph, strengths first; the numbers stay in ``details``."""
        return " ".join(self.reasons + self.arrange + self.attention)


@dataclass(frozen=True, slots=True)
class PairFacts:
    """Everything an explanation may use about one pair."""

    student: Student
    place: Place
    company: Company
    terms: Mapping[str, float]
    travel_min: float
    age: int
    spoon_cost: float | None = None  # spoons per work day (TermParts.spoon_cost), staff only


def _hours(x: float) -> str:
    return number(x)


ARRANGE_WORDS: tuple[tuple[str, str], ...] = (
    ("wheelchair", "toegang met een rolstoel"),
    ("toilet", "een aangepast toilet"),
    ("adjustable", "een verstelbare werkplek"),
    ("quiet", "een rustige werkplek"),
)


def _facilities(s: Student, p: Place, c: Company) -> dict[str, tuple[bool, Facility]]:
    return {
        "wheelchair": (s.needs_wheelchair_access, c.wheelchair_access),
        "toilet": (s.needs_adapted_toilet, c.adapted_toilet),
        "adjustable": (s.needs_adjustable_workplace, p.adjustable_workplace),
        "quiet": (s.needs_quiet_workspace, p.quiet_workspace),
    }


def to_arrange(student: Student, place: Place, company: Company) -> tuple[str, ...]:
    """What must be arranged before the start (needed and 'arrangeable'), in Dutch."""
    fac = _facilities(student, place, company)
    return tuple(
        words for key, words in ARRANGE_WORDS if fac[key][0] and fac[key][1] is Facility.ARRANGEABLE
    )


# Tier of a reason: a need the place meets first, then the student's own wish, then the rest.
NEED_MET, WISH, GENERAL = 3, 2, 1


def matched_tasks(student: Student, place: Place) -> tuple[TaskKind, ...]:
    """The kinds of tasks the student likes and the place offers, in vocabulary order."""
    return tuple(t for t in TaskKind if t in student.interest_tasks and t in place.tasks)


def sector_matches(student: Student, company: Company) -> bool:
    """Whether the company's sector is one the student likes (any case)."""
    sector = company.sector.strip().lower()
    return bool(sector) and sector in {x.strip().lower() for x in student.interest_sectors}


def interest_reasons(f: PairFacts, *, staff: bool = False) -> list[tuple[int, str, str]]:
    """(tier, term, sentence) for the interests this place meets, in mogelijkhedentaal."""
    s, p, c = f.student, f.place, f.company
    out: list[tuple[int, str, str]] = []
    tasks = [TASK_WORDS[t] for t in matched_tasks(s, p)][:MAX_TASK_WORDS]
    if tasks:
        words = and_list(tasks)
        text = (
            f"De student wil graag {words.replace('met je handen', 'met de handen')}: dat kan hier."
            if staff
            else f"Je wilt graag {words}: dat kan hier."
        )
        out.append((WISH, "interesse", text))
    if sector_matches(s, c):
        sector = c.sector.strip()
        text = (
            f"De student wil graag werken in de sector {sector}: dit bedrijf hoort daarbij."
            if staff
            else f"Je wilt graag werken in de sector {sector}: dit bedrijf hoort daarbij."
        )
        out.append((WISH, "interesse", text))
    return out


def _student_reasons(f: PairFacts, *, staff: bool = False) -> list[tuple[int, str, str]]:
    """(tier, term, sentence) of what fits: in jij-form, or about "de student" for staff."""
    s, p, c = f.student, f.place, f.company
    fac = {k: need and have is Facility.YES for k, (need, have) in _facilities(s, p, c).items()}
    quiet_met = p.quiet_workspace is Facility.YES and (
        s.needs_quiet_workspace or s.stimulus_sensitivity >= 2
    )
    rank = s.preferences.index(p.place_id) if p.place_id in s.preferences else -1
    trip = f"{travel_text(f.travel_min)} {MODE_WORDS[s.travel_mode]}"
    candidates = (
        (quiet_met, NEED_MET, "psychisch",
         "De werkplek is rustig, zonder veel drukte en lawaai. Dat past bij wat jij nodig hebt.",
         "De werkplek is prikkelarm, zoals de student nodig heeft."),
        (fac["wheelchair"], NEED_MET, "fysiek", "Het gebouw is goed te bereiken met een rolstoel.",
         "Het gebouw is goed te bereiken met een rolstoel."),
        (fac["toilet"], NEED_MET, "fysiek", "Er is een aangepast toilet.",
         "Er is een aangepast toilet."),
        (fac["adjustable"], NEED_MET, "fysiek", "Je werkplek is verstelbaar. Zo past hij bij jou.",
         "De werkplek kan worden aangepast aan de student."),
        (s.needs_predictable_schedule and p.predictable_schedule, NEED_MET, "psychisch",
         "Je dagen hebben een vaste indeling. Zo weet je wat er komt.",
         "De dagen hebben een vaste indeling, zoals de student nodig heeft."),
        (s.needs_flexible_hours and p.flexible_hours, NEED_MET, "uren",
         "Je kunt je uren aanpassen als dat nodig is.",
         "De uren kunnen meebewegen als dat nodig is."),
        (s.needs_extra_breaks and p.extra_breaks, NEED_MET, "uren", "Je kunt extra pauzes nemen.",
         "De student kan extra pauzes nemen."),
        (rank == 0, WISH, "voorkeur", "Dit is jouw eerste keus.",
         "Dit was de eerste keus van de student."),
        (rank > 0, WISH, "voorkeur", f"Dit is jouw keus nummer {rank + 1}.",
         f"Dit is keus nummer {rank + 1} van de student."),
        (s.social_support_need >= 1 and c.social_openness >= s.social_support_need, GENERAL,
         "sociaal", "Je mag hier altijd vragen stellen.",
         "De werkvloer is open genoeg voor de vragen van de student."),
        (s.needs_extra_support and c.open_to_extra_support, GENERAL, "bedrijfsmatig",
         "Dit bedrijf staat open voor studenten die extra steun krijgen.",
         "Het bedrijf staat open voor studenten die extra steun krijgen."),
        (s.needs_extra_support and c.support_experience == 2, GENERAL, "bedrijfsmatig",
         "Dit bedrijf heeft veel ervaring met studenten die extra steun krijgen.",
         "Het bedrijf heeft veel ervaring met studenten die extra steun krijgen."),
        (bool(s.support_areas & c.expertise_areas), GENERAL, "bedrijfsmatig",
         "Het bedrijf heeft ervaring met begeleiding die bij jou past.",
         "Het bedrijf heeft ervaring met de begeleiding die de student nodig heeft."),
        (s.physical_capacity <= 3 and p.physical_load <= s.physical_capacity, GENERAL, "fysiek",
         "Het werk past bij wat jij lichamelijk aankunt.",
         "Het werk past bij wat de student lichamelijk aankan."),
        (f.travel_min <= 0.6 * s.max_travel_minutes, GENERAL, "reis",
         f"Je reist {trip}.", f"De student reist {trip}."),
    )  # fmt: skip
    found = [
        (tier, term, (mine, theirs)[staff]) for ok, tier, term, mine, theirs in candidates if ok
    ]
    found += interest_reasons(f, staff=staff)
    if f.terms.get("uren", 0.0) >= 0.9:
        found.append(
            (
                GENERAL,
                "uren",
                (
                    "De uren en werkdagen passen bij wat jij wilt.",
                    "De uren en werkdagen passen bij wat de student wil.",
                )[staff],
            )
        )
    if not any(term != "reis" for _, term, _ in found):  # every place here passed the hard rules
        found.append(
            (
                GENERAL,
                "",
                (
                    "Deze plek past bij jouw opleiding, niveau en werkdagen.",
                    "De plek past bij de opleiding, het niveau en de werkdagen van de student.",
                )[staff],
            )
        )
    return found


def _student_attention(f: PairFacts, *, staff: bool = False) -> list[str]:
    """Points to agree on before the start, most important first (jij-form, or for staff).

    What must be arranged is not here: it has its own list (``Explanation.arrange``).
    """
    s, p, c = f.student, f.place, f.company
    day = _hours(s.max_hours_per_day)
    points = (
        (p.vog_required and s.has_vog is None,
         "Voor deze plek heb je een VOG nodig. Een VOG is een verklaring van de overheid. Daarin "
         "staat dat je niets hebt gedaan wat dit werk in de weg staat. School helpt je met de "
         "aanvraag. Het duurt een paar weken. Vraag hem dus op tijd aan.",
         "Voor deze plek is een VOG nodig: vraag die op tijd aan."),
        (p.night_work and f.age >= 18,
         "Bij dit werk hoort ook nachtwerk. Bespreek met je jobcoach of dat bij je past.",
         "Bij dit werk hoort nachtwerk: bespreek met de student of dat past."),
        (p.max_hours_per_day > s.max_hours_per_day,
         f"Spreek af dat je werkdagen niet langer zijn dan {day} uur.",
         f"Spreek werkdagen af van hoogstens {day} uur."),
        (p.physical_load > s.physical_capacity,
         "Het werk is soms lichamelijk zwaar. Bespreek samen wat je nodig hebt.",
         "Het werk is soms lichamelijk zwaarder dan de student aankan: bespreek wat helpt."),
        (p.mental_load > s.mental_capacity,
         "Het kan soms druk zijn. Bespreek vooraf hoe je even rust kunt nemen.",
         "Het kan soms drukker zijn dan de student aankan: spreek rustmomenten af."),
        (f.travel_min > 0.6 * s.max_travel_minutes,
         "De reis is vrij lang voor jou. Kijk samen of dat goed gaat.",
         "De reis is vrij lang voor de student: kijk samen of dat goed gaat."),
        (s.needs_extra_breaks and not p.extra_breaks,
         "Spreek af dat je extra pauzes kunt nemen.", "Spreek extra pauzes af."),
        (s.needs_flexible_hours and not p.flexible_hours,
         "Vraag of je uren kunnen meebewegen als dat nodig is.",
         "Vraag of de uren kunnen meebewegen als dat nodig is."),
        (s.needs_predictable_schedule and not p.predictable_schedule,
         "Vraag om een vaste planning, zodat je weet wat er komt.",
         "Vraag om een vaste planning, zodat de student weet wat er komt."),
        (s.social_support_need > c.social_openness,
         "Vraag wie jouw vaste contactpersoon wordt.",
         "Spreek een vaste contactpersoon af."),
    )  # fmt: skip
    return [(mine, theirs)[staff] for ok, mine, theirs in points if ok][:MAX_ATTENTION]


def company_work_times(f: PairFacts) -> tuple[str, ...]:
    """The working-time lines of :func:`company_needs` (the card's own part for them)."""
    s, p = f.student, f.place
    out: list[str] = []
    if s.needs_flexible_hours:
        out.append("Heeft baat bij werktijden die kunnen meebewegen.")
    if s.needs_extra_breaks:
        out.append("Heeft baat bij extra pauzes.")
    if p.max_hours_per_day > s.max_hours_per_day:
        out.append(f"Werkt het liefst dagen van hoogstens {_hours(s.max_hours_per_day)} uur.")
    return tuple(out)


def company_needs(f: PairFacts, *, work_times: bool = True) -> tuple[str, ...]:
    """What helps the student work well, for the company: needs only, never why (without the
    working-time lines when ``work_times`` is off: the card shows those in their own part)."""
    s, p = f.student, f.place
    out: list[str] = []
    if s.needs_quiet_workspace or s.stimulus_sensitivity >= 2:
        out.append("Werkt het best op een rustige werkplek.")
    if s.social_support_need >= 2:
        out.append("Heeft baat bij een vaste contactpersoon.")
    if s.social_support_need >= 3:
        out.append("Vindt het fijn als je de uitleg vaker herhaalt.")
    if s.needs_predictable_schedule:
        out.append("Werkt het best met een vaste dagindeling.")
    if work_times and s.needs_flexible_hours:
        out.append("Heeft baat bij werktijden die kunnen meebewegen.")
    if work_times and s.needs_extra_breaks:
        out.append("Heeft baat bij extra pauzes.")
    if s.needs_wheelchair_access:
        out.append("Heeft een werkplek nodig die met een rolstoel te bereiken is.")
    if s.needs_adapted_toilet:
        out.append("Heeft een aangepast toilet nodig.")
    if s.needs_adjustable_workplace:
        out.append("Werkt het best aan een verstelbare werkplek.")
    if work_times and p.max_hours_per_day > s.max_hours_per_day:
        out.append(f"Werkt het liefst dagen van hoogstens {_hours(s.max_hours_per_day)} uur.")
    out.append(
        f"Heeft ongeveer {_hours(s.guidance_hours_per_week)} uur begeleiding per week nodig."
    )
    return tuple(out)


def _term(t: Mapping[str, float], name: str) -> str:
    return f"{TERM_LABELS[name]}: {score_out_of_100(t[name])}"


def _interest_detail(s: Student, p: Place, c: Company) -> str:
    if not s.interest_sectors and not s.interest_tasks:
        return "De student noemde nog geen interesses."
    liked = sorted(s.interest_sectors) + [TASK_WORDS[t] for t in TaskKind if t in s.interest_tasks]
    offered = [TASK_WORDS[t] for t in TaskKind if t in p.tasks]
    sector = c.sector.strip() or "onbekend"
    work = ", ".join(offered) if offered else "niet bekend"
    return (
        f"De student doet graag: {', '.join(liked)}. Sector van het bedrijf: {sector}; "
        f"werk op deze plek: {work}."
    ).replace("met je handen", "met de handen")


EXPERIENCE_WORDS = ("geen", "enige", "veel")


def _experience_detail(c: Company) -> str:
    """' Ervaring met extra steun: veel.' when the company told it (empty otherwise)."""
    if c.support_experience is None:
        return ""
    return f" Ervaring met extra steun: {EXPERIENCE_WORDS[c.support_experience]}."


def staff_details(f: PairFacts) -> tuple[str, ...]:
    """The numbers behind each term, for the bureau and jobcoach, one readable line each."""
    s, p, c, t = f.student, f.place, f.company, f.terms
    out = [
        f"{_term(t, 'fysiek')}. Het werk is {p.physical_load} van 5 zwaar, de student kan "
        f"{s.physical_capacity} van 5 aan.",
        f"{_term(t, 'sociaal')}. De werkvloer is {c.social_openness} van 3 open, de student "
        f"vraagt {s.social_support_need} van 3.",
        f"{_term(t, 'bedrijfsmatig')}. Het bedrijf heeft {_hours(c.guidance_hours_per_week)} uur "
        f"begeleiding per week (samen), de student heeft {_hours(s.guidance_hours_per_week)} uur "
        f"nodig.{_experience_detail(c)}",
        f"{_term(t, 'psychisch')}. Het werk is {p.mental_load} van 5 druk, de student kan "
        f"{s.mental_capacity} van 5 aan, prikkelgevoeligheid {s.stimulus_sensitivity} van 3.",
        f"{_term(t, 'uren')}. De student wil {_hours(s.hours_per_week)} uur per week, de plek "
        f"biedt {_hours(p.hours_min)} tot {_hours(p.hours_max)} uur, diensten tot "
        f"{_hours(p.max_hours_per_day)} uur.",
        f"{_term(t, 'reis')}. De reis duurt {travel_text(f.travel_min)}, de student reist tot "
        f"{s.max_travel_minutes} minuten.",
        f"{_term(t, 'voorkeur')}.",
    ]
    if "interesse" in t:  # rounds scored before the interest term have no value for it
        out.append(f"{_term(t, 'interesse')}. {_interest_detail(s, p, c)}")
    if s.energy_spoons_per_day is not None and f.spoon_cost is not None:
        out[5] = out[5][:-1] + (
            f"; reis en werk kosten ongeveer {_hours(round(f.spoon_cost, 1))} van de "
            f"{_hours(s.energy_spoons_per_day)} lepels energie per dag."
        )
    if p.vog_required and s.has_vog is None:
        out.append("Een VOG is nodig en nog niet bekend.")
    if p.night_work and f.age >= 18:
        out.append("Er is nachtwerk: laat een mens dit nakijken.")
    return tuple(out)


def explain_facts(f: PairFacts, *, audience: Audience) -> Explanation:
    """Explanation of one pair for one audience."""
    if audience is Audience.COMPANY:
        arrange = tuple(
            f"Graag voor de start regelen: {w}." for w in to_arrange(f.student, f.place, f.company)
        )
        return Explanation(audience, company_needs(f), arrange)
    staff = audience is Audience.STAFF
    found = _student_reasons(f, staff=staff)
    ranked = sorted(
        (r for r in found if r[1] != "reis"), key=lambda r: (-r[0], -f.terms.get(r[1], 0.0))
    )
    travel = tuple(text for _, term, text in found if term == "reis")  # always shown
    reasons = tuple(text for _, _, text in ranked[:MAX_REASONS]) + travel
    attention = tuple(_student_attention(f, staff=staff))
    arrange = tuple(
        (
            f"Het bedrijf regelt dit voor je start: {w}."
            if not staff
            else f"Voor de start regelen: {w}."
        )
        for w in to_arrange(f.student, f.place, f.company)
    )
    details = staff_details(f) if audience is Audience.STAFF else ()
    return Explanation(audience, reasons, attention, details, arrange)


def explain_pair(
    student: Student,
    place: Place,
    company: Company,
    *,
    terms: Mapping[str, float],
    travel_min: float,
    on: date,
    audience: Audience,
    spoon_cost: float | None = None,
) -> Explanation:
    """Explain why ``place`` fits ``student`` (term values from ``PairScores.row``)."""
    age = age_on(student.birth_date, on)
    cost = None if spoon_cost is None or math.isnan(spoon_cost) else spoon_cost
    facts = PairFacts(student, place, company, terms, travel_min, age, cost)
    return explain_facts(facts, audience=audience)
