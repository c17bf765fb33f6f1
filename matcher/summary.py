"""Round summary: what a bureau reads first (placed per group, scores, reasons, solver figures)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.domain import Proposal, ProposalStatus, StudentId, age_on
from matcher.round_types import ScoredRound
from matcher.solver import Assignment, AssignmentProblem
from matcher.solver.stability import blocking_pairs
from matcher.unplaced import Diagnosis


@dataclass(frozen=True, slots=True)
class GroupCount:
    """Students and placed students in one group."""

    students: int
    placed: int

    @property
    def rate(self) -> float:
        """Share placed (0 when the group is empty)."""
        return self.placed / self.students if self.students else 0.0


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """Figures of one round."""

    students: int
    places: int
    capacity: int
    candidate_pairs: int
    eligible_pairs: int
    placed: int
    priority: GroupCount
    per_niveau: dict[str, GroupCount]
    per_age_group: dict[str, GroupCount]
    needs_support: GroupCount
    mean_score: float
    unplaced_reasons: dict[str, int]
    status: str
    objective: int
    best_bound: int
    gap: float
    placed_gap: float
    quality_gap: float
    weighted_placed: int
    weighted_placed_bound: int
    model_weight: float
    blocking_pairs: int | None = None  # stability.py: None when not counted

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready values."""

        def group(g: GroupCount) -> dict[str, float | int]:
            return {"students": g.students, "placed": g.placed, "rate": round(g.rate, 4)}

        return {
            "students": self.students,
            "places": self.places,
            "capacity": self.capacity,
            "candidate_pairs": self.candidate_pairs,
            "eligible_pairs": self.eligible_pairs,
            "placed": self.placed,
            "priority": group(self.priority),
            "per_niveau": {k: group(v) for k, v in self.per_niveau.items()},
            "per_age_group": {k: group(v) for k, v in self.per_age_group.items()},
            "needs_support": group(self.needs_support),
            "mean_score": round(self.mean_score, 4),
            "unplaced_reasons": self.unplaced_reasons,
            "solver": {
                "status": self.status,
                "objective": self.objective,
                "best_bound": self.best_bound,
                "gap": _number(self.gap),
                "placed_gap": _number(self.placed_gap),
                "quality_gap": _number(self.quality_gap),
                "weighted_placed": self.weighted_placed,
                "weighted_placed_bound": self.weighted_placed_bound,
                "blocking_pairs": self.blocking_pairs,
            },
            "model_weight": self.model_weight,
        }


def _number(value: float) -> float | None:
    """NaN (no bound known) becomes None in JSON."""
    return None if np.isnan(value) else round(value, 6)


def age_group(age: int) -> str:
    """The groups the working-time law distinguishes."""
    if age < 16:
        return "<16"
    return "16-17" if age < 18 else "18+"


def summarize(
    scored: ScoredRound,
    assignment: Assignment,
    proposals: Sequence[Proposal],
    diagnoses: Mapping[StudentId, Diagnosis],
    problem: AssignmentProblem | None = None,
) -> RoundSummary:
    """Count placed students overall and per group, with the solver's figures; with the
    ``problem`` also the proposal's blocking pairs (students' listed places first)."""
    placed_ids = {p.student_id for p in proposals if p.status is not ProposalStatus.UNPLACED}
    groups: dict[str, Counter[str]] = {"niveau": Counter(), "age": Counter()}
    placed_groups: dict[str, Counter[str]] = {"niveau": Counter(), "age": Counter()}
    prio, support = [0, 0], [0, 0]
    for student in scored.population.students:
        placed = student.student_id in placed_ids
        keys = {
            "niveau": str(int(student.niveau)),
            "age": age_group(age_on(student.birth_date, scored.on)),
        }
        for name, key in keys.items():
            groups[name][key] += 1
            placed_groups[name][key] += placed
        if student.priority:
            prio[0] += 1
            prio[1] += placed
        if student.needs_extra_support:
            support[0] += 1
            support[1] += placed
    scores = [p.score for p in proposals if p.score is not None]
    return RoundSummary(
        students=len(proposals),
        places=len(scored.places),
        capacity=int(scored.places.capacity.sum()),
        candidate_pairs=scored.n_candidates,
        eligible_pairs=len(scored.pairs),
        placed=len(placed_ids),
        priority=GroupCount(*prio),
        per_niveau={
            k: GroupCount(groups["niveau"][k], placed_groups["niveau"][k])
            for k in sorted(groups["niveau"])
        },
        per_age_group={
            k: GroupCount(groups["age"][k], placed_groups["age"][k]) for k in sorted(groups["age"])
        },
        needs_support=GroupCount(*support),
        mean_score=float(np.mean(scores)) if scores else 0.0,
        unplaced_reasons=dict(Counter(d.kind.value for d in diagnoses.values())),
        status=assignment.status.value,
        objective=assignment.objective,
        best_bound=assignment.best_bound,
        gap=assignment.gap,
        placed_gap=assignment.placed_gap,
        quality_gap=assignment.quality_gap,
        weighted_placed=assignment.weighted_placed,
        weighted_placed_bound=assignment.weighted_placed_bound,
        model_weight=scored.model_weight,
        blocking_pairs=None if problem is None else _blocking(scored, problem, assignment),
    )


def _blocking(scored: ScoredRound, problem: AssignmentProblem, assignment: Assignment) -> int:
    """Candidate pairs where student and place would both rather have each other."""
    prefs: dict[str, Sequence[str]] = {
        s.student_id: s.preferences for s in scored.population.students
    }
    return blocking_pairs(problem, assignment.pairs, prefs).count
