"""What one entry of the endpoint policy says, and how it decides; no HTTP knowledge here.

Each rule names the most sensitive data category a route reads or writes, the purposes it may
be used for (the first one the actor's roles allow is the one recorded), the action, and the
kind of subject in the path (whose relation to the actor decides the scope). ``public`` rules
need no login. The table of routes lives with the HTTP driver: ``api/endpoint_policy.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from matcher.privacy.permissions import Decision, decide_detail
from matcher.privacy.vocabulary import Access, Action, Category, Purpose, Relation, Role


class Subject(StrEnum):
    """What the path parameter of a route points at (the subject of the relation)."""

    STUDENT = "student"  # {student_id}
    COMPANY = "company"  # {company_id}
    PLACE = "place"  # {place_id}: its company
    ACCOUNT = "account"  # the acting account itself
    COLLECTION = "collection"  # a list or a round: results are filtered to the actor's scope


@dataclass(frozen=True, slots=True)
class EndpointRule:
    """What one route touches and why."""

    category: Category
    purposes: tuple[Purpose, ...]
    action: Action
    subject: Subject = Subject.COLLECTION
    public: bool = False
    minimum: Access = Access.CONSENT  # less than this is a denial (e.g. aggregate-only)

    def decide(self, roles: Iterable[Role], relations: Iterable[Relation]) -> Decision:
        """The decision for a person with ``roles`` and these relations to the subject."""
        decision = decide_detail(roles, self.category, self.purposes, relation=tuple(relations))
        return decision if decision.access >= self.minimum else Decision(Access.NONE)
