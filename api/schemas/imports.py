"""Import report schema: counts per kind and the warnings that did not stop the import."""

from __future__ import annotations

from pydantic import BaseModel

from adapters.db.repositories import SaveCounts
from adapters.flows.imports import ImportReport
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


class ImportOut(BaseModel):
    """The report of one upload: one entry per dataset stored."""

    reports: list[DatasetReport]


def _issue(issue: object) -> dict[str, object]:
    return {name: getattr(issue, name) for name in ("file", "row", "column", "reason", "value")}
