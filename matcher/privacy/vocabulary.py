"""The closed vocabularies of access control: roles, data categories, purposes, access levels,
relations between a person and a subject, and the actions the audit log records."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Role(StrEnum):
    """What a person does in the system; one account may hold several roles."""

    BUREAU = "bureau"  # BPV-coördinator / medewerker BPV-bureau
    JOBCOACH = "jobcoach"
    BEGELEIDER = "begeleider"  # BPV-begeleider
    STUDENT = "student"
    COMPANY = "company"  # praktijkopleider
    ADMIN = "admin"  # technical administrator: accounts and system, no student data


class Category(StrEnum):
    """Data categories of the visibility matrix (domain.md §1.2) plus system data."""

    IDENTITY = "identity"  # name, birth date, home location, crebo, niveau, leerweg
    PROFILE = "profile"  # hours, days, travel, preferences, VOG
    FUNCTIONAL_NEEDS = "functional_needs"  # special category (S): health-derived needs
    PROPOSALS = "proposals"  # match proposals, scores, shortlists, explanations
    OUTCOMES = "outcomes"  # how a BPV ended
    CONSENT = "consent"  # consent records
    AUDIT = "audit"  # the privacy event log
    COMPANY_DATA = "company_data"  # companies and places
    ROUNDS = "rounds"  # match rounds: status, summary, round log
    ACCOUNTS = "accounts"  # user accounts, sessions, tokens
    SYSTEM = "system"  # health and readiness

    @property
    def special(self) -> bool:
        """Special-category data (AVG art. 9): every read is audited."""
        return self is Category.FUNCTIONAL_NEEDS


class Purpose(StrEnum):
    """Why data is used (purpose limitation, domain.md R3)."""

    MATCHING = "matching"
    BEGELEIDING = "begeleiding"
    REVIEW = "review"
    ADMINISTRATION = "administration"
    OWN_DATA = "own_data"
    STATISTICS = "statistics"


class Access(IntEnum):
    """What a role may see of a category for a purpose; a higher value gives more."""

    NONE = 0  # nothing
    AGGREGATE = 1  # counts and pseudonymised figures only
    CONSENT = 2  # the needs-only projection, and only with recorded consent for this recipient
    PROJECTION = 3  # the needs-only projection (no diagnosis, score, spoons or area names)
    FULL = 4  # everything in the category

    @property
    def code(self) -> str:
        """The one-letter code of domain.md §1.2."""
        return _CODES[self]

    @classmethod
    def from_code(cls, code: str) -> Access:
        """Parse a one-letter code (F, P, C, A, -)."""
        for access, letter in _CODES.items():
            if letter == code:
                return access
        raise ValueError(f"unknown access code {code!r}")


_CODES: dict[Access, str] = {
    Access.NONE: "-",
    Access.AGGREGATE: "A",
    Access.CONSENT: "C",
    Access.PROJECTION: "P",
    Access.FULL: "F",
}


class Relation(StrEnum):
    """How the acting person relates to the subject of the data."""

    SELF = "self"  # the student themselves, or one's own account
    CASELOAD = "caseload"  # a student in the jobcoach's or begeleider's caseload
    INSTITUTION = "institution"  # staff of the institution that holds the data
    OWN_COMPANY = "own_company"  # the company's own data, or a student proposed to it
    ANY = "any"  # needs no relation (administrator rows)


class Action(StrEnum):
    """What happens to data; the audit log records one per event."""

    READ = "read"
    WRITE = "write"
    DELETE = "delete"
    SHARE = "share"
    EXPORT = "export"
    ERASE = "erase"
    CONSENT_GIVEN = "consent_given"
    CONSENT_REVOKED = "consent_revoked"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ACCOUNT_CREATED = "account_created"
    TOKEN_CREATED = "token_created"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    ROLE_CHANGED = "role_changed"
    CASELOAD_CHANGED = "caseload_changed"
    COMPANY_LINKED = "company_linked"
    PASSWORD_RESET = "password_reset"
