"""The hash chain finds the first changed, deleted, moved or missing row (issue 15, finding 8)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from matcher.audit_chain import (
    GENESIS,
    BreakKind,
    ChainHead,
    ChainRow,
    canonical,
    combine,
    describe,
    link_hash,
    verify_chain,
)

T0 = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _chain(n: int) -> tuple[list[ChainRow], ChainHead]:
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        payload = {"at": T0 + timedelta(seconds=seq), "actor": f"a{seq}", "detail": {"n": seq}}
        row_hash = link_hash(prev, 0, seq, payload)
        rows.append(
            ChainRow(
                row_id=seq + 10, lane=0, seq=seq, prev_hash=prev, row_hash=row_hash, payload=payload
            )
        )
        prev = row_hash
    return rows, ChainHead(n, prev)


def _verify(rows: list[ChainRow], head: ChainHead | None) -> object:
    present = {r.seq for r in rows}
    return verify_chain("privacy_event", rows, head, present.__contains__)


def test_an_intact_chain_is_ok_with_its_count() -> None:
    rows, head = _chain(5)
    report = _verify(rows, head)
    assert report.ok
    assert report.rows == 5
    assert report.last_hash == head.last_hash
    assert describe(report) == "privacy_event: in orde, 5 rijen gecontroleerd"


def test_an_empty_chain_without_head_is_ok() -> None:
    report = _verify([], None)
    assert report.ok
    assert report.rows == 0
    assert report.last_hash == GENESIS


def test_a_changed_row_is_found_at_that_row() -> None:
    rows, head = _chain(5)
    rows[2] = dataclasses.replace(rows[2], payload={**rows[2].payload, "actor": "iemand anders"})
    report = _verify(rows, head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.CHANGED
    assert report.broken.row_id == 13
    assert report.rows == 2
    assert "rij 13 is veranderd" in describe(report)


def test_a_changed_row_with_a_recomputed_hash_breaks_the_next_link() -> None:
    rows, head = _chain(5)
    forged = {**rows[1].payload, "actor": "iemand anders"}
    rows[1] = dataclasses.replace(
        rows[1], payload=forged, row_hash=link_hash(rows[1].prev_hash or "", 0, 2, forged)
    )
    report = _verify(rows, head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.REORDERED
    assert report.broken.row_id == 13


def test_a_deleted_row_is_reported_before_the_next_one() -> None:
    rows, head = _chain(5)
    del rows[1]
    report = _verify(rows, head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.DELETED
    assert report.broken.row_id == 13
    assert "ontbreekt 1 rij (plek 2 van keten 0)" in report.broken.message


def test_several_deleted_rows_are_counted() -> None:
    rows, head = _chain(6)
    del rows[1:4]
    report = _verify(rows, head)
    assert report.broken is not None
    assert "ontbreken 3 rijen (plek 2 tot en met 4 van keten 0)" in report.broken.message


def test_rows_in_another_order_are_reported_as_reordered() -> None:
    rows, head = _chain(5)
    rows[1], rows[2] = rows[2], rows[1]
    report = _verify(rows, head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.REORDERED


def test_a_copied_row_is_reported() -> None:
    rows, head = _chain(3)
    rows.insert(2, dataclasses.replace(rows[1], row_id=99))
    report = _verify(rows, head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.REORDERED
    assert report.broken.row_id == 99


def test_rows_cut_off_at_the_end_are_found_through_the_head() -> None:
    rows, head = _chain(5)
    report = _verify(rows[:3], head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.TRUNCATED
    assert "aan het eind van keten 0 ontbreken 2 rijen" in report.broken.message


def test_a_table_emptied_with_its_head_left_is_found() -> None:
    _rows, head = _chain(4)
    report = _verify([], head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.TRUNCATED


def test_a_missing_head_with_rows_is_found() -> None:
    rows, _head = _chain(2)
    report = _verify(rows, None)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.TRUNCATED


def test_a_row_without_hash_is_found() -> None:
    rows, head = _chain(2)
    rows.append(ChainRow(row_id=50, lane=None, seq=None, prev_hash=None, row_hash=None, payload={}))
    report = _verify(rows, head)
    assert report.broken is not None
    assert report.broken.kind is BreakKind.UNLINKED
    assert report.broken.row_id == 50


def test_canonical_form_ignores_key_order_and_time_zone() -> None:
    local = T0.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))
    assert canonical({"b": 1, "at": T0}) == canonical({"at": local, "b": 1})
    with pytest.raises(ValueError, match="naive"):
        canonical({"at": datetime(2026, 1, 1)})  # noqa: DTZ001


def test_the_lane_is_part_of_the_hash() -> None:
    payload = {"at": T0, "actor": "a"}
    assert link_hash(GENESIS, 0, 1, payload) != link_hash(GENESIS, 1, 1, payload)


def test_lanes_combine_into_one_report_with_the_first_break_by_row_id() -> None:
    rows, head = _chain(3)
    ok = _verify(rows, head)
    bad_rows = [dataclasses.replace(r, payload={**r.payload, "actor": "x"}) for r in rows]
    late = _verify([dataclasses.replace(r, row_id=r.row_id + 100) for r in bad_rows], head)
    early = _verify(bad_rows, head)
    cut = _verify(rows[:1], head)
    report = combine("privacy_event", [ok, cut, late, early])
    assert report.rows == 3 + 1
    assert report.broken is not None
    assert report.broken.row_id == 11
    assert combine("privacy_event", [ok, ok]).ok
    assert combine("privacy_event", [ok]).last_hash != combine("privacy_event", [ok, ok]).last_hash
