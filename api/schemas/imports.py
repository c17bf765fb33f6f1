"""Import report schema: counts per kind and the warnings that did not stop the import."""

from __future__ import annotations

from pydantic import BaseModel

from adapters.db.repositories import SaveCounts
from adapters.flows.imports import ImportPreview, ImportReport
from api.schemas.common import IssueOut


class CountsOut(BaseModel):
    """How many rows were new, changed and left as they were."""

    created: int
    updated: int
    unchanged: int

    @classmethod
    def of(cls, counts: SaveCounts) -> CountsOut:
        """From the repository's counts."""
        return cls(created=counts.created, updated=counts.updated, unchanged=counts.unchanged)


class DatasetReport(BaseModel):
    """What one dataset (the current data or a history set) received."""

    dataset: str
    students: CountsOut
    companies: CountsOut
    places: CountsOut
    warnings: list[IssueOut]

    @classmethod
    def of(cls, report: ImportReport) -> DatasetReport:
        """From the import flow's report."""
        return cls(
            dataset=report.dataset,
            students=CountsOut.of(report.counts.students),
            companies=CountsOut.of(report.counts.companies),
            places=CountsOut.of(report.counts.places),
            warnings=[IssueOut.model_validate(_issue(w)) for w in report.warnings],
        )


class AffectedStudentOut(BaseModel):
    """A student of an open round whose data the import changes."""

    student_id: str
    name: str


class AffectedRoundOut(BaseModel):
    """An open round (not yet published) whose students' data the import changes."""

    round_id: int
    name: str
    status: str
    students: list[AffectedStudentOut]
    message: str


class PreviewOut(BaseModel):
    """What the files would change (``dry_run``): nothing is stored."""

    dry_run: bool = True
    digest: str
    affected_rounds: list[AffectedRoundOut]
    warnings: list[IssueOut]

    @classmethod
    def of(cls, preview: ImportPreview) -> PreviewOut:
        """From the import flow's preview."""
        return cls(
            digest=preview.digest,
            affected_rounds=[
                AffectedRoundOut(
                    round_id=r.round_id,
                    name=r.name,
                    status=r.status,
                    students=[AffectedStudentOut(student_id=i, name=n) for i, n in r.students],
                    message=affected_message(len(r.students), r.name),
                )
                for r in preview.rounds
            ],
            warnings=[IssueOut.model_validate(_issue(w)) for w in preview.warnings],
        )


def affected_message(count: int, round_name: str) -> str:
    """'Deze import verandert gegevens van 12 studenten in de ronde 'Demo-ronde''."""
    who = "1 student" if count == 1 else f"{count} studenten"
    return f"Deze import verandert gegevens van {who} in de ronde '{round_name}'."


class ImportOut(BaseModel):
    """The report of one upload: one entry per dataset stored."""

    reports: list[DatasetReport]


def _issue(issue: object) -> dict[str, object]:
    return {name: getattr(issue, name) for name in ("file", "row", "column", "reason", "value")}
