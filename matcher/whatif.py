"""What-if: compare two runs of a round (before and after people's decisions or new input).

Says per student who moved where and why, in plain Dutch, so a reviewer can see what a lock,
a veto or a changed profile did to the rest of the round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from matcher.domain import PlaceId, Proposal, StudentId
from matcher.nl import score_out_of_100


class ChangeKind(StrEnum):
    """How one student's proposal changed."""

    MOVED = "moved"
    NEWLY_PLACED = "newly_placed"
    NEWLY_UNPLACED = "newly_unplaced"
    ADDED = "added"  # student not in the earlier run
    REMOVED = "removed"  # student no longer in the round


@dataclass(frozen=True, slots=True)
class StudentChange:
    """One student whose proposal differs between the two runs."""

    student_id: StudentId
    kind: ChangeKind
    before: PlaceId | None
    after: PlaceId | None
    reason: str


@dataclass(frozen=True, slots=True)
class RoundDiff:
    """All changes between two runs, with counts."""

    changes: tuple[StudentChange, ...]
    unchanged: int
    placed_before: int
    placed_after: int

    def counts(self) -> dict[str, int]:
        """Number of changes per kind."""
        out: dict[str, int] = {}
        for change in self.changes:
            out[change.kind.value] = out.get(change.kind.value, 0) + 1
        return out


def _reason(
    student: StudentId,
    before: Proposal | None,
    after: Proposal | None,
    *,
    locks: frozenset[tuple[StudentId, PlaceId]],
    vetoes: frozenset[tuple[StudentId, PlaceId]],
    holders: dict[PlaceId, list[StudentId]],
) -> str:
    old = before.place_id if before else None
    new = after.place_id if after else None
    if new is not None and (student, new) in locks:
        return "Vastgezet door een medewerker."
    if old is not None and (student, old) in vetoes:
        return "De eerdere plek is afgewezen door een medewerker."
    if old is not None and old in holders and student not in holders[old]:
        others = holders[old]
        # Never the other students' codes: a jobcoach reads this for their own student, and the
        # others' places are not theirs to know (each student's own row says where they went).
        locked = [s for s in others if (s, old) in locks]
        if locked:
            return f"De eerdere plek is nu vastgezet voor {_others(len(locked))}."
        return f"De eerdere plek gaat nu naar {_others(len(others))}: zo past de hele ronde beter."
    if after is not None and after.place_id is None:
        return after.unplaced_reason or "Geen passende plek meer in deze run."
    if (
        before is not None
        and after is not None
        and before.score is not None
        and after.score is not None
    ):
        return (
            "Andere verdeling over alle studenten (score "
            f"{score_out_of_100(before.score)} → {score_out_of_100(after.score)})."
        )
    return "De gegevens van de ronde zijn veranderd."


def _others(count: int) -> str:
    return "een andere student" if count == 1 else f"{count} andere studenten"


def diff_rounds(
    before: Sequence[Proposal],
    after: Sequence[Proposal],
    *,
    locks: frozenset[tuple[StudentId, PlaceId]] = frozenset(),
    vetoes: frozenset[tuple[StudentId, PlaceId]] = frozenset(),
) -> RoundDiff:
    """Who moved where between two runs, and why (locks and vetoes of the later run)."""
    old = {p.student_id: p for p in before}
    new = {p.student_id: p for p in after}
    holders: dict[PlaceId, list[StudentId]] = {}
    for p in after:
        if p.place_id is not None:
            holders.setdefault(p.place_id, []).append(p.student_id)
    changes: list[StudentChange] = []
    unchanged = 0
    for sid in sorted(old.keys() | new.keys()):
        b, a = old.get(sid), new.get(sid)
        b_place = b.place_id if b else None
        a_place = a.place_id if a else None
        if b is not None and a is not None and b_place == a_place:
            unchanged += 1
            continue
        if b is None:
            kind = ChangeKind.ADDED
        elif a is None:
            kind = ChangeKind.REMOVED
        elif b_place is None:
            kind = ChangeKind.NEWLY_PLACED
        elif a_place is None:
            kind = ChangeKind.NEWLY_UNPLACED
        else:
            kind = ChangeKind.MOVED
        reason = _reason(sid, b, a, locks=locks, vetoes=vetoes, holders=holders)
        changes.append(StudentChange(sid, kind, b_place, a_place, reason))
    return RoundDiff(
        changes=tuple(changes),
        unchanged=unchanged,
        placed_before=sum(p.place_id is not None for p in before),
        placed_after=sum(p.place_id is not None for p in after),
    )
