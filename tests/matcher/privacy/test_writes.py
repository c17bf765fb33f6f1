"""The write scope per record and field (pure): who may add and change which profile fields."""

from __future__ import annotations

import pytest

from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role
from matcher.privacy.writes import (
    COMPANY_OWN_COMPANY_FIELDS,
    COMPANY_OWN_PLACE_FIELDS,
    Kind,
    Write,
    write_refusal,
)


def _person(*roles: Role, company: str | None = None) -> Principal:
    return Principal(1, "x@test.invalid", "X", frozenset(roles), "roc", company_id=company)


BUREAU = _person(Role.BUREAU)
COMPANY = _person(Role.COMPANY, company="c01")
COACH = _person(Role.JOBCOACH)
STUDENT = _person(Role.STUDENT)
C, P, S = Kind.COMPANY, Kind.PLACE, Kind.STUDENT
NEW, EDIT, DROP = Write.CREATE, Write.UPDATE, Write.DELETE


@pytest.mark.parametrize(
    ("who", "kind", "write", "owner", "changed", "word"),
    [
        (COMPANY, C, NEW, "c99", {"name"}, "BPV-bureau"),
        (COMPANY, C, NEW, "c01", {"name"}, "BPV-bureau"),
        (COMPANY, P, NEW, "c02", {"crebos"}, "ander bedrijf"),
        (COMPANY, P, NEW, "c01", {"crebos"}, "nieuwe plek"),
        (COMPANY, P, EDIT, "c01", {"company_id"}, "verplaatsen"),
        (COMPANY, P, EDIT, "c02", {"capacity"}, "eigen bedrijf"),
        (COMPANY, C, EDIT, "c02", set(), "eigen bedrijf"),
        (COMPANY, C, EDIT, "c01", {"sbb_recognized"}, "sbb_recognized"),
        (COMPANY, C, EDIT, "c01", {"guidance_hours_per_week", "location"}, "plaats"),
        (COMPANY, P, EDIT, "c01", {"capacity", "crebos"}, "crebos"),
        (COMPANY, S, EDIT, None, {"name"}, "studenten"),
        (COMPANY, C, DROP, "c02", set(), "eigen bedrijf"),
        (COACH, C, EDIT, "c01", {"sbb_recognized"}, "sbb_recognized"),
        (COACH, C, NEW, "c10", {"name"}, "BPV-bureau"),
        (STUDENT, S, EDIT, None, {"priority", "name"}, "jobcoach"),
        (STUDENT, S, EDIT, None, {"has_vog", "birth_date", "crebo"}, "jobcoach"),
        (STUDENT, S, EDIT, None, {"name", "hours_per_week"}, "jobcoach"),
    ],
)
def test_refused_writes_say_what_is_not_allowed(
    who: Principal, kind: Kind, write: Write, owner: str | None, changed: set[str], word: str
) -> None:
    refusal = write_refusal(who, kind, write, owner=owner, changed=changed)
    assert refusal is not None
    assert word in refusal
    assert "niets opgeslagen" in refusal


@pytest.mark.parametrize(
    ("who", "kind", "write", "owner", "changed"),
    [
        (COMPANY, C, EDIT, "c01", COMPANY_OWN_COMPANY_FIELDS),
        (COMPANY, P, EDIT, "c01", COMPANY_OWN_PLACE_FIELDS),
        (COMPANY, P, DROP, "c01", set()),
        (COACH, C, EDIT, "c01", {"name", "sector"}),
        (COACH, P, NEW, "c01", {"crebos", "capacity"}),
        (BUREAU, C, NEW, "c10", {"sbb_recognized", "name"}),
        (BUREAU, P, EDIT, "c01", {"company_id", "crebos"}),
        (BUREAU, S, EDIT, None, {"priority"}),
        (_person(Role.BUREAU, Role.COMPANY, company="c01"), C, EDIT, "c02", {"sbb_recognized"}),
    ],
)
def test_writes_in_scope_are_allowed(
    who: Principal, kind: Kind, write: Write, owner: str | None, changed: set[str]
) -> None:
    assert write_refusal(who, kind, write, owner=owner, changed=changed) is None
