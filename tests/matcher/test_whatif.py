"""Why a student's place changed between two runs: never the other students' codes."""

from __future__ import annotations

from matcher.domain import CompanyId, PlaceId, Proposal, ProposalStatus, StudentId
from matcher.whatif import diff_rounds


def _at(student: str, place: str | None, score: float | None = 0.8) -> Proposal:
    status = ProposalStatus.PROPOSED if place else ProposalStatus.UNPLACED
    return Proposal(
        StudentId(student),
        PlaceId(place) if place else None,
        CompanyId("c1") if place else None,
        score,
        20.0,
        status,
    )


def test_a_lost_place_names_no_other_student() -> None:
    """The red-team pass: a begeleider read "De eerdere plek gaat nu naar s00444, s01218,
    s01624" about their own student, naming three students outside their caseload."""
    before = [_at("s1", "p1"), _at("s2", "p2"), _at("s3", "p3"), _at("s4", "p4")]
    after = [_at("s1", "p9"), _at("s2", "p1"), _at("s3", "p1"), _at("s4", "p1")]
    reasons = {c.student_id: c.reason for c in diff_rounds(before, after).changes}
    assert (
        reasons["s1"]
        == "De eerdere plek gaat nu naar 3 andere studenten: zo past de hele ronde beter."
    )
    locked = diff_rounds(before, after, locks=frozenset({(StudentId("s2"), PlaceId("p1"))})).changes
    assert {c.student_id: c.reason for c in locked}["s1"] == (
        "De eerdere plek is nu vastgezet voor een andere student."
    )
    for change in diff_rounds(before, after).changes:
        assert not any(f"s{n}" in change.reason for n in range(1, 5)), change.reason


def test_a_changed_score_is_written_the_dutch_way() -> None:
    before = [_at("s1", "p1", 0.81)]
    after = [_at("s1", "p2", 0.88)]
    (change,) = diff_rounds(before, after).changes
    assert change.reason == "Andere verdeling over alle studenten (score 81 van 100 → 88 van 100)."
