"""API shapes for match rounds: what comes in (checked, 422 per field) and what goes out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from adapters.db.types import MAX_DB_INT
from api.schemas.common import CleanInput

TermName = Literal[
    "fysiek", "sociaal", "bedrijfsmatig", "psychisch", "uren", "reis", "voorkeur", "interesse"
]


class Strict(CleanInput):
    """Unknown fields are refused, so a typo never passes silently; no control characters."""

    model_config = ConfigDict(extra="forbid")


class RegionIn(Strict):
    """A circle: students living in it, places up to 25 km beyond it."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(gt=0, le=500)


class RoundFilters(Strict):
    """Which students and places a round covers; empty means all."""

    crebo: list[str] | None = None
    niveau: list[int] | None = Field(default=None, description="1-4")
    region: RegionIn | None = None
    student_ids: list[str] | None = None


class RoundPolicyIn(Strict):
    """Weights, priority rules and limits; anything left out keeps its default."""

    weights: dict[TermName, float] | None = None
    priority_weight: int | None = Field(default=None, ge=1, le=10)
    low_niveau_weight: int | None = Field(default=None, ge=1, le=10)
    min_score: float | None = Field(default=None, ge=0, le=1)
    use_guidance_budget: bool | None = None
    use_max_support: bool | None = None
    strict_personal_day_max: bool | None = None
    time_limit_s: float | None = Field(default=None, gt=0, le=3600)


class RoundCreate(Strict):
    """A new round."""

    name: str = Field(min_length=1, max_length=200)
    filters: RoundFilters = Field(default_factory=RoundFilters)
    policy: RoundPolicyIn = Field(default_factory=RoundPolicyIn)
    bpv_start: date | None = Field(default=None, description="Start of the BPV; default today")


class RematchCreate(Strict):
    """A re-match round for students in the "zoekt een nieuwe plek" queue."""

    student_ids: list[str] | None = Field(
        default=None, max_length=10000, description="wie uit de rij; leeg: iedereen die wacht"
    )
    name: str | None = Field(default=None, max_length=200)
    bpv_start: date | None = Field(default=None, description="Start of the BPV; default today")


class SolutionPublic(BaseModel):
    """How good the latest run is: proved best, or the best found within the time limit."""

    status: Literal["optimal", "feasible", "infeasible", "unknown"]
    proved_optimal: bool
    label: str = Field(description="in gewone taal, bijvoorbeeld 'niet bewezen de beste'")
    gap: float | None = Field(description="afstand tot de bewezen grens (0 = bewezen de beste)")
    placed_gap: float | None
    quality_gap: float | None
    blocking_pairs: int | None = Field(
        default=None,
        description="koppels van student en plek die elkaar liever hadden dan wat ze nu hebben",
    )


class RoundPublic(BaseModel):
    """A round as the API shows it."""

    id: int
    name: str
    status: str
    status_label: str
    stage: str
    progress: int
    error: str | None
    filters: dict[str, Any]
    policy: dict[str, Any]
    bpv_start: date
    version: int
    current_run: int
    summary: dict[str, Any] | None
    solution: SolutionPublic | None = None
    data_changed: bool | None = Field(
        default=None,
        description="de gegevens zijn veranderd sinds de laatste run (alleen bij één ronde)",
    )
    created_by: str
    created_at: datetime
    updated_at: datetime


class VersionIn(Strict):
    """The round version the reviewer saw."""

    version: int = Field(ge=1, le=MAX_DB_INT)


class LockIn(VersionIn):
    """Lock the proposed place."""

    reason: str = Field(default="", max_length=2000)


class RejectIn(VersionIn):
    """Turn a proposal down; the reason is required and becomes a veto."""

    reason: str = Field(min_length=1, max_length=2000)


class MoveIn(VersionIn):
    """Move the student to another place."""

    place_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(default="", max_length=2000)


class PlaceIn(VersionIn):
    """Place the student by hand on any place (outside the proposals); the reason is required."""

    place_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=2000)


class BulkAcceptIn(VersionIn):
    """Approve every open proposal with at least this score; ``expected`` is the count the
    reviewer confirmed (a different count changes nothing)."""

    min_score: float = Field(ge=0.0, le=1.0)
    expected: int = Field(ge=0, le=MAX_DB_INT)


class BulkAcceptOut(BaseModel):
    """The students approved at once and the version to send with the next action."""

    student_ids: list[str]
    version: int


class CommentIn(VersionIn):
    """A note on a proposal."""

    comment: str = Field(min_length=1, max_length=2000)


class ProposalPublic(BaseModel):
    """One student's proposal in the round's latest run."""

    model_config = ConfigDict(from_attributes=True)

    student_id: str
    place_id: str | None
    company_id: str | None
    score: float | None
    travel_minutes: float | None
    status: str
    explanation: str
    unplaced_reason: str
    decision: str
    locked: bool
    comment: str = Field(
        default="", description="de laatste opmerking, alleen voor wie die mag lezen (gelogd)"
    )
    terms: dict[str, float | None]


class ProposalsPage(BaseModel):
    """One page of proposals."""

    run: int
    total: int
    offset: int
    limit: int
    items: list[ProposalPublic]


class ReviewOut(BaseModel):
    """The changed proposal and the version to send with the next action."""

    proposal: ProposalPublic
    version: int


class EventPublic(BaseModel):
    """One line of the audit trail."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    reason: str = Field(description="toelichting; een opmerking alleen binnen je caseload")
    detail: dict[str, Any]


class ChangeOut(BaseModel):
    """One student whose proposal changed between two runs."""

    student_id: str
    kind: str
    before: str | None
    after: str | None
    reason: str


class DiffOut(BaseModel):
    """What changed between two runs."""

    before_run: int
    after_run: int
    counts: dict[str, int]
    unchanged: int
    placed_before: int
    placed_after: int
    changes: list[ChangeOut]
