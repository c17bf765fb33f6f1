"""The ONE permission table (role × data category × purpose → access) and the pure decision.

Each row names the relation the role needs to the data's subject and six access codes, one per
purpose in ``PURPOSE_ORDER``: F full, P needs-only projection, C projection only with recorded
consent for that recipient and purpose, A aggregate only, - none (domain.md §1.2).

Deliberate readings of §1.2: the stored student fields are functional needs and capacities, never
diagnoses (R2), so staff who may see needs (bureau, jobcoach, begeleider) see them in full; the
company-facing projection is ``company_card``. Students see only themselves (SELF); jobcoaches
and begeleiders their caseload; the bureau its institution; companies their own data and, with
consent, the projection of students proposed to them; the administrator no student data at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from matcher.privacy.vocabulary import Access, Category, Purpose, Relation, Role

PURPOSE_ORDER: tuple[Purpose, ...] = (
    Purpose.MATCHING,
    Purpose.BEGELEIDING,
    Purpose.REVIEW,
    Purpose.ADMINISTRATION,
    Purpose.OWN_DATA,
    Purpose.STATISTICS,
)

C_ = Category
R_ = Relation
NOTHING = "-  -  -  -  -  -"

# fmt: off
#                                       match begel review admin own  stats
TABLE: dict[Role, dict[Category, tuple[Relation, str]]] = {
    Role.STUDENT: {
        C_.IDENTITY:         (R_.SELF,        "-  -  -  -  F  -"),
        C_.PROFILE:          (R_.SELF,        "-  -  -  -  F  -"),
        C_.FUNCTIONAL_NEEDS: (R_.SELF,        "-  -  -  -  F  -"),
        C_.PROPOSALS:        (R_.SELF,        "-  -  -  -  F  -"),
        C_.OUTCOMES:         (R_.SELF,        "-  -  -  -  F  -"),
        C_.CONSENT:          (R_.SELF,        "-  -  -  -  F  -"),
        C_.AUDIT:            (R_.SELF,        "-  -  -  -  F  -"),
        C_.COMPANY_DATA:     (R_.SELF,        NOTHING),
        C_.ROUNDS:           (R_.SELF,        NOTHING),
        C_.ACCOUNTS:         (R_.SELF,        "-  -  -  -  F  -"),
        C_.SYSTEM:           (R_.SELF,        NOTHING),
    },
    Role.JOBCOACH: {
        C_.IDENTITY:         (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.PROFILE:          (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.FUNCTIONAL_NEEDS: (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.PROPOSALS:        (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.OUTCOMES:         (R_.CASELOAD,    "F  F  F  F  -  A"),
        C_.CONSENT:          (R_.CASELOAD,    "F  F  -  F  -  -"),
        C_.AUDIT:            (R_.CASELOAD,    NOTHING),
        C_.COMPANY_DATA:     (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.ROUNDS:           (R_.INSTITUTION, "-  -  F  -  -  A"),
        C_.ACCOUNTS:         (R_.SELF,        "-  -  -  -  F  -"),
        C_.SYSTEM:           (R_.INSTITUTION, NOTHING),
    },
    Role.BEGELEIDER: {
        C_.IDENTITY:         (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.PROFILE:          (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.FUNCTIONAL_NEEDS: (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.PROPOSALS:        (R_.CASELOAD,    "F  F  F  -  -  A"),
        C_.OUTCOMES:         (R_.CASELOAD,    "F  F  F  F  -  A"),
        C_.CONSENT:          (R_.CASELOAD,    "F  F  -  F  -  -"),
        C_.AUDIT:            (R_.CASELOAD,    NOTHING),
        C_.COMPANY_DATA:     (R_.INSTITUTION, "F  F  F  -  -  -"),
        C_.ROUNDS:           (R_.INSTITUTION, "-  -  F  -  -  -"),
        C_.ACCOUNTS:         (R_.SELF,        "-  -  -  -  F  -"),
        C_.SYSTEM:           (R_.INSTITUTION, NOTHING),
    },
    Role.BUREAU: {
        C_.IDENTITY:         (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.PROFILE:          (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.FUNCTIONAL_NEEDS: (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.PROPOSALS:        (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.OUTCOMES:         (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.CONSENT:          (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.AUDIT:            (R_.INSTITUTION, "-  -  -  F  -  -"),
        C_.COMPANY_DATA:     (R_.INSTITUTION, "F  F  F  F  -  A"),
        C_.ROUNDS:           (R_.INSTITUTION, "F  -  F  F  -  A"),
        C_.ACCOUNTS:         (R_.SELF,        "-  -  -  -  F  -"),
        C_.SYSTEM:           (R_.INSTITUTION, NOTHING),
    },
    Role.COMPANY: {
        C_.IDENTITY:         (R_.OWN_COMPANY, "C  C  -  -  -  -"),
        C_.PROFILE:          (R_.OWN_COMPANY, "C  C  -  -  -  -"),
        C_.FUNCTIONAL_NEEDS: (R_.OWN_COMPANY, "C  C  -  -  -  -"),
        C_.PROPOSALS:        (R_.OWN_COMPANY, "F  F  -  -  -  -"),
        C_.OUTCOMES:         (R_.OWN_COMPANY, "-  F  -  -  -  -"),
        C_.CONSENT:          (R_.OWN_COMPANY, NOTHING),
        C_.AUDIT:            (R_.OWN_COMPANY, NOTHING),
        C_.COMPANY_DATA:     (R_.OWN_COMPANY, "F  F  -  F  -  -"),
        C_.ROUNDS:           (R_.OWN_COMPANY, NOTHING),
        C_.ACCOUNTS:         (R_.SELF,        "-  -  -  -  F  -"),
        C_.SYSTEM:           (R_.OWN_COMPANY, NOTHING),
    },
    Role.ADMIN: {
        C_.IDENTITY:         (R_.ANY,         NOTHING),
        C_.PROFILE:          (R_.ANY,         NOTHING),
        C_.FUNCTIONAL_NEEDS: (R_.ANY,         NOTHING),
        C_.PROPOSALS:        (R_.ANY,         NOTHING),
        C_.OUTCOMES:         (R_.ANY,         NOTHING),
        C_.CONSENT:          (R_.ANY,         NOTHING),
        C_.AUDIT:            (R_.ANY,         "-  -  -  F  -  -"),
        C_.COMPANY_DATA:     (R_.ANY,         NOTHING),
        C_.ROUNDS:           (R_.ANY,         "-  -  -  -  -  A"),
        C_.ACCOUNTS:         (R_.ANY,         "-  -  -  F  F  -"),
        C_.SYSTEM:           (R_.ANY,         "-  -  -  F  -  -"),
    },
}
# fmt: on


def _parse(codes: str) -> dict[Purpose, Access]:
    letters = codes.split()
    if len(letters) != len(PURPOSE_ORDER):
        raise ValueError(f"expected {len(PURPOSE_ORDER)} access codes, got {codes!r}")
    return {p: Access.from_code(c) for p, c in zip(PURPOSE_ORDER, letters, strict=True)}


PERMISSIONS: dict[tuple[Role, Category, Purpose], Access] = {
    (role, category, purpose): access
    for role, rows in TABLE.items()
    for category, (_, codes) in rows.items()
    for purpose, access in _parse(codes).items()
}
SCOPE: dict[tuple[Role, Category], Relation] = {
    (role, category): relation
    for role, rows in TABLE.items()
    for category, (relation, _) in rows.items()
}


@dataclass(frozen=True, slots=True)
class Decision:
    """The access granted and the role and purpose it was granted under (for the audit log)."""

    access: Access
    role: Role | None = None
    purpose: Purpose | None = None

    @property
    def allowed(self) -> bool:
        """Anything more than nothing."""
        return self.access is not Access.NONE


DENIED = Decision(Access.NONE)


def _relations(relation: Relation | Collection[Relation]) -> frozenset[Relation]:
    found = frozenset((relation,)) if isinstance(relation, Relation) else frozenset(relation)
    return found | {Relation.ANY}


def decide_one(
    role: Role, category: Category, purpose: Purpose, relations: Collection[Relation]
) -> Access:
    """Access for one role: the table's entry when the role's relation holds, else none."""
    if SCOPE[(role, category)] not in relations:
        return Access.NONE
    return PERMISSIONS[(role, category, purpose)]


def decide(
    actor_roles: Iterable[Role],
    category: Category,
    purpose: Purpose,
    *,
    relation: Relation | Collection[Relation],
) -> Access:
    """The most a person with these roles may see of ``category`` for ``purpose``."""
    return decide_detail(actor_roles, category, (purpose,), relation=relation).access


def decide_detail(
    actor_roles: Iterable[Role],
    category: Category,
    purposes: Iterable[Purpose],
    *,
    relation: Relation | Collection[Relation],
) -> Decision:
    """The best access over all roles and the allowed purposes, with the role and purpose used."""
    relations = _relations(relation)
    best = DENIED
    for purpose in purposes:
        for role in sorted(set(actor_roles)):
            access = decide_one(role, category, purpose, relations)
            if access > best.access:
                best = Decision(access, role, purpose)
    return best
