"""Checking the audit log's hash chains (``matcher audit verify``, and later a beheer page).

Reads only: every row of privacy_event and round_event once, in id order, against its chain
and the chain's head. No personal data leaves this flow, only counts, row ids and hashes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from adapters.db.audit_chain import has_chain, verify_all
from matcher.audit_chain import ChainReport, describe
from matcher.errors import ConfigurationError


@dataclass(frozen=True, slots=True)
class AuditStatus:
    """The outcome for every chained table."""

    reports: tuple[ChainReport, ...]

    @property
    def ok(self) -> bool:
        """Whether every chain holds."""
        return all(report.ok for report in self.reports)

    @property
    def first_break(self) -> ChainReport | None:
        """The first table whose chain is broken, if any."""
        return next((report for report in self.reports if not report.ok), None)

    def lines(self) -> list[str]:
        """One Dutch line per table, for the command line or a page."""
        return [describe(report) for report in self.reports]


def audit_status(engine: Engine) -> AuditStatus:
    """Verify both chains in one read-only transaction (a consistent snapshot on PostgreSQL)."""
    try:
        with engine.connect() as connection:
            return AuditStatus(_verify_all(connection))
    except OperationalError as error:
        raise ConfigurationError(
            "De database is niet bereikbaar. Controleer DATABASE_URL en probeer het opnieuw.",
            detail=str(error.orig),
        ) from None


def _verify_all(connection: Connection) -> tuple[ChainReport, ...]:
    if not has_chain(connection):
        raise ConfigurationError(
            "Deze database heeft nog geen auditketen. Werk eerst het databaseschema bij "
            "(matcher db upgrade) en probeer het opnieuw."
        )
    return verify_all(connection)
