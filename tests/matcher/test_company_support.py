"""The ontzorgen panel: general blocks for every company, need-related blocks only with the
student's consent, the LKV deadline from the start, and text a company may read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from matcher.company_support import FACTS, add_months, keys_for, panel
from matcher.domain import Leerweg, SupportArea
from matcher.privacy.fields import HEALTH_WORDS
from tests.factories import make_student

START = date(2026, 9, 1)
NEEDS = ("uwv_hulpmiddel", "vervoer", "esb")
WHEELCHAIR = make_student("s1", needs_wheelchair_access=True, birth_date=date(2005, 1, 1))


def test_without_consent_only_the_general_blocks() -> None:
    assert keys_for(WHEELCHAIR, needs_shared=False, start=START) == ("sbb", "lkv")


def test_with_consent_the_blocks_that_fit_the_needs() -> None:
    assert keys_for(WHEELCHAIR, needs_shared=True, start=START) == (
        "sbb", "lkv", "uwv_hulpmiddel", "vervoer", "esb",
    )  # fmt: skip
    mobility = replace(WHEELCHAIR, needs_wheelchair_access=False,
                       support_areas=frozenset({SupportArea.MOBILITEIT}))  # fmt: skip
    assert "vervoer" in keys_for(mobility, needs_shared=True, start=START)
    workplace = replace(WHEELCHAIR, needs_wheelchair_access=False, needs_adjustable_workplace=True)
    shown = keys_for(workplace, needs_shared=True, start=START)
    assert "uwv_hulpmiddel" in shown
    assert "vervoer" not in shown


def test_no_need_no_need_block_even_with_consent() -> None:
    plain = make_student("s2", birth_date=date(2005, 1, 1))
    assert not plain.needs_extra_support
    assert keys_for(plain, needs_shared=True, start=START) == ("sbb", "lkv")


def test_esb_only_from_eighteen_on_the_start() -> None:
    young = replace(WHEELCHAIR, birth_date=date(2009, 1, 1))
    assert "esb" not in keys_for(young, needs_shared=True, start=START)


def test_bbl_gets_the_praktijkleren_subsidy_without_any_need() -> None:
    bbl = make_student("s3", leerweg=Leerweg.BBL)
    assert "bbl" in keys_for(bbl, needs_shared=False, start=START)
    assert not set(NEEDS) & set(keys_for(bbl, needs_shared=False, start=START))


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (date(2026, 9, 1), date(2026, 12, 1)),
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),
    ],
)
def test_the_lkv_deadline_is_three_months_after_the_start(start: date, deadline: date) -> None:
    assert add_months(start, 3) == deadline


def test_the_lkv_block_names_its_deadline_in_dutch() -> None:
    [lkv] = [b for b in panel(WHEELCHAIR, needs_shared=False, start=START) if b.key == "lkv"]
    assert any("uiterlijk 1 december 2026" in line for line in lkv.lines)


def test_every_fact_is_sourced_dated_and_free_of_health_words() -> None:
    for fact in FACTS.values():
        assert fact.source
        assert fact.checked_on <= date(2027, 12, 31)
        text = " ".join((fact.title, *fact.lines)).lower()
        assert [w for w in HEALTH_WORDS if w in text] == [], fact.key
