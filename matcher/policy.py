"""Scoring policy: how much each soft term counts and the few thresholds behind the terms.

A BPV-bureau can change these (passed in, never read from the environment). Hard rules are not
here: they are the law or the contract (matcher/eligibility.py) and no weight can buy them off.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

TERM_NAMES: tuple[str, ...] = (
    "fysiek",
    "sociaal",
    "bedrijfsmatig",
    "psychisch",
    "uren",
    "reis",
    "voorkeur",
    "interesse",
)


@dataclass(frozen=True, slots=True)
class TermWeights:
    """Relative weight per soft term; normalised to sum 1 when the total is computed."""

    # The five needs dimensions of the handbook's match checklist (H:1397-1410) weigh the same:
    # the handbook lists them side by side and ranks none above the others.
    fysiek: float = 1.0
    sociaal: float = 1.0
    bedrijfsmatig: float = 1.0
    psychisch: float = 1.0
    uren: float = 1.0
    # Reisafstand (H:1309-1317) is a hard limit already; below it, time and energy still count
    # ("voor sommige studenten ... vormt het reizen een uitdaging"), a little less than a need.
    reis: float = 0.8
    # The student's own wishes count (H:1201-1203) but must not outweigh a needs dimension:
    # a wished-for place that does not fit is the failure the handbook warns about (H:1655).
    voorkeur: float = 0.6
    # Interests ("Waar word ik blij van?", H:1073-1095): work the student likes keeps them going,
    # and "de focus ligt op de kwaliteiten en kenmerken van een student" (H:1454). It is an
    # indirect wish (a kind of work, not a chosen place), so it counts a little less than
    # voorkeur and never outweighs a need.
    interesse: float = 0.5

    def as_dict(self) -> dict[str, float]:
        """Weights by term name, in TERM_NAMES order."""
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class ScoringPolicy:
    """Weights and thresholds for the soft terms (the ``on`` date is passed separately)."""

    weights: TermWeights = field(default_factory=TermWeights)
    # A facility that still has to be arranged counts as available (contract) but is less
    # certain than one that is already there: UWV routes take time (H:3654-3778).
    arrangeable_value: float = 0.7
    # Score lost per scale point the work's load is above the student's capacity (1-5 scales):
    # a gap of 4 (load 5, capacity 1) scores 0.
    load_gap_penalty: float = 0.25
    # Value of a wished-for feature that the place does not offer (flexible hours, extra
    # breaks, a predictable schedule): possible to agree locally, so not 0.
    unmet_wish_value: float = 0.3
    # A company that did not say it is open to extra support, for a student who needs it.
    not_open_value: float = 0.4
    # Experience with students who need extra support (0 none, 1 some, 2 much), for a student
    # who needs it; a student without extra support and a company that did not say score 1.0.
    # Openness (sociaal: questions welcome, no prejudice) is willingness, this is ability: the
    # praktijkopleider's ability "bepaalt het functioneren van de student" (H:305-310) and
    # strong companies are asked to take the extra-support students (H:1491-1494). It sits
    # beside openness to support in bedrijfsmatig (see ``terms.bedrijfsmatig``), and counts
    # less than being open at all: a first student with extra support has to start somewhere.
    experience_values: tuple[float, float, float] = (0.6, 0.85, 1.0)
    # Travel: the score at exactly the student's maximum travel time (linear from 1 at 0 min).
    travel_at_max_value: float = 0.2
    # Spoon theory (H:3017-3068; 20 spoons a day is the handbook's example). Assumed costs:
    # one spoon per 15 minutes of travel (both ways are counted), one spoon per work hour at
    # average load (physical + mental load 3 + 3), scaled linearly with the loads; daily
    # living (opstaan, douchen, eten maken: H:3052-3068) costs a fixed number of spoons.
    spoons_per_15_travel_min: float = 1.0
    spoons_per_work_hour: float = 1.0
    spoons_daily_living: float = 6.0
    # Leftover spoons (share of the budget) from which the energy fit is perfect.
    spoon_comfort_margin: float = 0.25
    # Preferences: first choice 1.0, each next choice this much less, never below the floor.
    preference_step: float = 0.1
    preference_floor: float = 0.6
    preference_unlisted: float = 0.3  # the student listed wishes but not this place
    preference_neutral: float = 0.5  # the student listed no wishes at all
    # Interests: a place outside them still scores this floor (it may suit the student well for
    # other reasons); the same neutral value as voorkeur when the student named no interests,
    # and halfway when the bureau did not say which sector or tasks a place has.
    interest_floor: float = 0.2
    interest_neutral: float = 0.5
    interest_unknown: float = 0.5

    def with_weights(self, **weights: float) -> ScoringPolicy:
        """A copy with some term weights changed, e.g. ``with_weights(reis=2.0)``."""
        return replace(self, weights=replace(self.weights, **weights))
