"""One error hierarchy for the whole project; the API and CLI map it in one place each.

Every error has a stable ``code`` and a message in plain Dutch that a user can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in input: where it is and what is wrong (reason in Dutch)."""

    file: str
    row: int | None  # 1-based data row as a spreadsheet shows it (header is row 1)
    column: str | None
    reason: str
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", rij {self.row}"
        if self.column:
            where += f", kolom '{self.column}'"
        shown = "" if self.value is None else f" (waarde: '{self.value[:60]}')"
        return f"{where}: {self.reason}{shown}"


class MatcherError(Exception):
    """Base of every error this project raises on purpose."""

    code: ClassVar[str] = "matcher_error"

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class InvalidInputError(MatcherError):
    """Input that cannot be used; ``issues`` lists every problem found, not only the first."""

    code = "invalid_input"

    def __init__(self, message: str, issues: Sequence[Issue] = (), **context: object) -> None:
        super().__init__(message, **context)
        self.issues: tuple[Issue, ...] = tuple(issues)


class TransitionError(InvalidInputError):
    """A BPV step that its lifecycle does not allow now (wrong order, a date too early, a missing
    signature): the message names what is wrong and what to do; nothing is changed."""

    code = "invalid_transition"


class NotFoundError(MatcherError):
    """A thing asked for by id does not exist."""

    code = "not_found"


class ConflictError(MatcherError):
    """The request clashes with the current state (e.g. someone else changed it first)."""

    code = "conflict"


class RuleViolationError(MatcherError):
    """A person asked for something a hard rule does not allow (e.g. moving to an unfit place)."""

    code = "rule_violation"


class SolverError(MatcherError):
    """The solver could not produce an answer."""

    code = "solver_failed"


class ConfigurationError(MatcherError):
    """A setting or data file the program needs is missing or wrong."""

    code = "configuration"


class NotAuthenticatedError(MatcherError):
    """No valid login, session or token came with the request."""

    code = "not_authenticated"


class PermissionDeniedError(MatcherError):
    """The person is logged in but the permission table does not allow this."""

    code = "forbidden"


class TooManyAttemptsError(MatcherError):
    """Too many failed logins: wait ``retry_after_s`` seconds before trying again."""

    code = "too_many_attempts"

    def __init__(self, message: str, retry_after_s: int, **context: object) -> None:
        super().__init__(message, retry_after_s=retry_after_s, **context)
        self.retry_after_s = retry_after_s
