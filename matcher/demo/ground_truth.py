"""The documented ground-truth model behind the demo outcome history.

For a past placement of student s at place p of company c (t = estimated one-way travel
minutes with the student's mode; g = guidance share: the company's guidance hours per week
times 2 (the history spans two school years) divided by the number of history students placed
there), the chance that the BPV ends well is

    P(succesvol) = sigmoid(intercept + sum_k COEFFICIENTS[k] * x_k)

with these terms x_k (all 0 when the condition does not hold):

    physical_gap            max(0, p.physical_load - s.physical_capacity)               -0.90
    mental_gap              max(0, p.mental_load - s.mental_capacity)                   -0.70
    quiet_arrangeable       s needs a quiet workspace, p has it as 'arrangeable'        -0.30
    quiet_missing           s needs a quiet workspace, p has 'no'                       -1.20
    wheelchair_arrangeable  s needs wheelchair access, c has it as 'arrangeable'        -0.40
    wheelchair_missing      s needs wheelchair access, c has 'no'                       -1.50
    travel_excess           max(0, t / s.max_travel_minutes - 0.7): fine up to 70 %     -4.00
    spoon_excess            max(0, spoon use - s.energy_spoons_per_day), spoons only    -0.15
                            spoon use = 6 + 1.5 * h + 2 * t / 20, h = min(max hours
                            per day of s and p)
    guidance_shortfall      max(0, s.guidance_hours_per_week - g)                       -0.50
    social_gap              max(0, s.social_support_need - c.social_openness)            -0.60
    culture                 latent company culture u_c (see below)                      +1.00
    expertise_overlap       min(2, |s.support_areas & c.expertise_areas|)               +0.35
    schedule_mismatch       number of unmet needs among predictable schedule and
                            flexible hours                                              -0.40
    breaks_mismatch         s needs extra breaks, p offers none                         -0.30
    minor_long_travel       s is under 18 at the start and t > 45                       -0.80
    low_niveau_low_guidance s.niveau <= 2 and g < 2 hours per week                      -0.70
    sensitive_high_pace     s.stimulus_sensitivity >= 2 and p.mental_load >= 4          -0.60
    intercept                                                                          +2.60

The last three are interactions a weighted sum of single terms does not capture, and the
travel and spoon terms are non-linear. The company culture is latent (never in the files):

    u_c = 0.35 * (c.social_openness - 1.5) + 0.40 * c.open_to_extra_support - 0.20 + N(0, 0.5)

A BPV that does not end well is 'afgebroken' (stopped early) with probability

    sigmoid(-0.4 + 0.8 * [minor] + 1.0 * [t > s.max_travel_minutes] + 0.5 * [social_gap > 0])

and otherwise 'niet_succesvol'. The same model is described in docs/ground_truth.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from matcher.domain import Company, CompanyId, Facility, Place, Student

COEFFICIENTS: Mapping[str, float] = MappingProxyType(
    {
        "intercept": 2.60,
        "physical_gap": -0.90,
        "mental_gap": -0.70,
        "quiet_arrangeable": -0.30,
        "quiet_missing": -1.20,
        "wheelchair_arrangeable": -0.40,
        "wheelchair_missing": -1.50,
        "travel_excess": -4.00,
        "spoon_excess": -0.15,
        "guidance_shortfall": -0.50,
        "social_gap": -0.60,
        "culture": 1.00,
        "expertise_overlap": 0.35,
        "schedule_mismatch": -0.40,
        "breaks_mismatch": -0.30,
        "minor_long_travel": -0.80,
        "low_niveau_low_guidance": -0.70,
        "sensitive_high_pace": -0.60,
    }
)
TRAVEL_COMFORT = 0.7  # share of the own maximum travel time that costs nothing
CULTURE = MappingProxyType({"openness": 0.35, "open": 0.40, "offset": -0.20, "noise_sd": 0.5})
ABORT = MappingProxyType(
    {"intercept": -0.4, "minor": 0.8, "over_max_travel": 1.0, "social_gap": 0.5}
)
SPOONS = MappingProxyType({"daily_life": 6.0, "per_work_hour": 1.5, "per_20_travel_min": 1.0})


def sigmoid(x: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-x))


def culture_of(companies: Sequence[Company], rng: np.random.Generator) -> dict[CompanyId, float]:
    """Draw the latent culture per company (correlated with openness and the support flag)."""
    noise = rng.normal(0.0, CULTURE["noise_sd"], len(companies))
    return {
        c.company_id: CULTURE["openness"] * (c.social_openness - 1.5)
        + CULTURE["open"] * c.open_to_extra_support
        + CULTURE["offset"]
        + float(z)
        for c, z in zip(companies, noise, strict=True)
    }


def pair_terms(
    student: Student,
    place: Place,
    company: Company,
    *,
    travel_minutes: float,
    guidance_share: float,
    minor: bool,
    culture: float,
) -> dict[str, float]:
    """The value x_k of every term for one placement (see the module docstring)."""
    s, p, c, t = student, place, company, travel_minutes
    h = min(s.max_hours_per_day, p.max_hours_per_day)
    spoon_use = (
        SPOONS["daily_life"]
        + SPOONS["per_work_hour"] * h
        + SPOONS["per_20_travel_min"] * 2 * t / 20
    )
    spoons = s.energy_spoons_per_day
    social_gap = max(0, s.social_support_need - c.social_openness)
    return {
        "physical_gap": max(0, p.physical_load - s.physical_capacity),
        "mental_gap": max(0, p.mental_load - s.mental_capacity),
        "quiet_arrangeable": float(
            s.needs_quiet_workspace and p.quiet_workspace is Facility.ARRANGEABLE
        ),
        "quiet_missing": float(s.needs_quiet_workspace and p.quiet_workspace is Facility.NO),
        "wheelchair_arrangeable": float(
            s.needs_wheelchair_access and c.wheelchair_access is Facility.ARRANGEABLE
        ),
        "wheelchair_missing": float(
            s.needs_wheelchair_access and c.wheelchair_access is Facility.NO
        ),
        "travel_excess": max(0.0, t / max(1, s.max_travel_minutes) - TRAVEL_COMFORT),
        "spoon_excess": 0.0 if spoons is None else max(0.0, spoon_use - spoons),
        "guidance_shortfall": max(0.0, s.guidance_hours_per_week - guidance_share),
        "social_gap": social_gap,
        "culture": culture,
        "expertise_overlap": min(2, len(s.support_areas & c.expertise_areas)),
        "schedule_mismatch": float(s.needs_predictable_schedule and not p.predictable_schedule)
        + float(s.needs_flexible_hours and not p.flexible_hours),
        "breaks_mismatch": float(s.needs_extra_breaks and not p.extra_breaks),
        "minor_long_travel": float(minor and t > 45),
        "low_niveau_low_guidance": float(s.niveau <= 2 and guidance_share < 2),
        "sensitive_high_pace": float(s.stimulus_sensitivity >= 2 and p.mental_load >= 4),
    }


@dataclass(frozen=True)
class GroundTruth:
    """The true success model of a history set: coefficients plus each company's culture."""

    culture: Mapping[CompanyId, float]
    coefficients: Mapping[str, float] = field(default_factory=lambda: COEFFICIENTS)

    def logit(self, terms: Mapping[str, float]) -> float:
        """Intercept plus the weighted terms."""
        return self.coefficients["intercept"] + sum(
            self.coefficients[k] * v for k, v in terms.items()
        )

    def success_probability(
        self,
        student: Student,
        place: Place,
        company: Company,
        *,
        travel_minutes: float,
        guidance_share: float,
        minor: bool,
    ) -> float:
        """P(succesvol) for one placement under the ground truth."""
        terms = pair_terms(
            student,
            place,
            company,
            travel_minutes=travel_minutes,
            guidance_share=guidance_share,
            minor=minor,
            culture=self.culture.get(company.company_id, 0.0),
        )
        return sigmoid(self.logit(terms))

    @staticmethod
    def abort_probability(*, minor: bool, over_max_travel: bool, social_gap: float) -> float:
        """P(afgebroken | not succesvol)."""
        x = ABORT["intercept"] + ABORT["minor"] * minor + ABORT["over_max_travel"] * over_max_travel
        return sigmoid(x + ABORT["social_gap"] * (social_gap > 0))
