"""Who is acting (a logged-in account) and how they relate to a subject (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.privacy.vocabulary import Relation, Role

STAFF_ROLES: frozenset[Role] = frozenset({Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER})


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated account with its roles and links (student, company, caseload)."""

    account_id: int
    email: str
    display_name: str
    roles: frozenset[Role]
    institution: str | None = None
    student_id: str | None = None
    company_id: str | None = None
    caseload: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """How the audit log names this person."""
        return f"{self.display_name or self.email} (#{self.account_id})"

    def base_relations(self) -> frozenset[Relation]:
        """Relations that hold for lists and rounds: results are then filtered to the scope."""
        found = {Relation.ANY}
        if self.institution is not None and self.roles & STAFF_ROLES:
            found.add(Relation.INSTITUTION)
        if self.caseload:
            found.add(Relation.CASELOAD)
        if self.student_id is not None:
            found.add(Relation.SELF)
        if self.company_id is not None:
            found.add(Relation.OWN_COMPANY)
        return frozenset(found)

    def relations_to_student(
        self, student_id: str, *, proposed_to_own_company: bool = False
    ) -> frozenset[Relation]:
        """How this person relates to one student.

        One database serves one institution, so staff with an institution relate to every
        student in it; a company relates only to students proposed to its places.
        """
        found = {Relation.ANY}
        if self.student_id == student_id:
            found.add(Relation.SELF)
        if student_id in self.caseload:
            found.add(Relation.CASELOAD)
        if self.institution is not None and self.roles & STAFF_ROLES:
            found.add(Relation.INSTITUTION)
        if self.company_id is not None and proposed_to_own_company:
            found.add(Relation.OWN_COMPANY)
        return frozenset(found)

    def relations_to_company(self, company_id: str) -> frozenset[Relation]:
        """How this person relates to a company (or one of its places)."""
        found = {Relation.ANY}
        if self.company_id == company_id:
            found.add(Relation.OWN_COMPANY)
        if self.institution is not None and self.roles & STAFF_ROLES:
            found.add(Relation.INSTITUTION)
        return frozenset(found)

    def relations_to_account(self, account_id: int) -> frozenset[Relation]:
        """How this person relates to an account: SELF for their own."""
        found = {Relation.ANY}
        if account_id == self.account_id:
            found.add(Relation.SELF)
        return frozenset(found)
