"""Hash chains over an append-only log: link a row to the one before, and find the first break.

A table's rows are spread over a few chains ("lanes"), so that writers in separate
transactions need not wait for each other's commit. Every row carries its lane, its place in
that lane (``seq``, 1, 2, 3, ...), the hash of the lane's row before (``prev_hash``; the first
links to ``GENESIS``) and its own hash: SHA-256 over the previous hash, lane, place and a
canonical serialisation of the row's own columns. Changing, deleting or moving a row breaks its
lane at that row; a head per lane kept apart (length and last hash) also shows rows cut off at
the end. Pure: values in, a report out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    """A value in the form the serialisation uses (UTC timestamps as ISO text)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in an audit row: pass a timezone-aware value")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def canonical(payload: Mapping[str, Any]) -> bytes:
    """The row's columns as sorted, compact JSON (UTF-8): the same bytes on every database."""
    plain = {key: _plain(value) for key, value in payload.items()}
    return json.dumps(
        plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def link_hash(prev_hash: str, lane: int, seq: int, payload: Mapping[str, Any]) -> str:
    """The hash of a row: SHA-256 over the previous hash, the row's lane and place, its columns."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(f"{lane}:{seq}".encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(payload))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ChainRow:
    """One stored row as the check sees it: its id, chain fields and hashed columns."""

    row_id: int
    lane: int | None
    seq: int | None
    prev_hash: str | None
    row_hash: str | None
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ChainHead:
    """What the chain head says: how many rows were linked and the hash of the last one."""

    length: int
    last_hash: str


class BreakKind(StrEnum):
    """What is wrong at the first break."""

    CHANGED = "changed"  # the row's columns do not give its stored hash
    DELETED = "deleted"  # rows are missing before this one
    REORDERED = "reordered"  # the row is not where the chain put it, or does not follow on
    UNLINKED = "unlinked"  # the row has no chain fields at all
    TRUNCATED = "truncated"  # rows are missing at the end (the head says there were more)


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first place where the chain does not hold, with a Dutch explanation."""

    kind: BreakKind
    row_id: int | None
    message: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome for one table: rows checked, the last hash, and the first break if any."""

    table: str
    rows: int
    last_hash: str
    broken: ChainBreak | None = None

    @property
    def ok(self) -> bool:
        """Whether the whole chain holds."""
        return self.broken is None


def _rows_text(n: int) -> str:
    return "1 rij" if n == 1 else f"{dutch_count(n)} rijen"


def _missing(n: int) -> str:
    return "ontbreekt 1 rij" if n == 1 else f"ontbreken {dutch_count(n)} rijen"


def _row_break(
    row: ChainRow, expected_seq: int, prev: str, seq_present: Callable[[int], bool]
) -> tuple[BreakKind, str] | None:
    """What is wrong with ``row`` standing where place ``expected_seq`` should be, if anything."""
    if row.lane is None or row.seq is None or row.prev_hash is None or row.row_hash is None:
        return BreakKind.UNLINKED, (
            f"rij {row.row_id} heeft geen hash: die is buiten de app om toegevoegd"
        )
    if row.seq < expected_seq:
        return BreakKind.REORDERED, (
            f"rij {row.row_id} staat op plek {row.seq} van keten {row.lane}, maar die plek is al "
            "bezet: een rij is gekopieerd of verplaatst"
        )
    if row.seq > expected_seq:
        if seq_present(expected_seq):
            return BreakKind.REORDERED, (
                f"de volgorde klopt niet bij rij {row.row_id}: plek {expected_seq} van keten "
                f"{row.lane} staat ergens anders"
            )
        places = (
            f"plek {expected_seq}"
            if row.seq - expected_seq == 1
            else f"plek {expected_seq} tot en met {row.seq - 1}"
        )
        return BreakKind.DELETED, (
            f"voor rij {row.row_id} {_missing(row.seq - expected_seq)} ({places} van keten "
            f"{row.lane}): verwijderd"
        )
    if link_hash(row.prev_hash, row.lane, row.seq, row.payload) != row.row_hash:
        return BreakKind.CHANGED, (
            f"rij {row.row_id} is veranderd: de inhoud past niet bij de opgeslagen hash"
        )
    if row.prev_hash != prev:
        return BreakKind.REORDERED, (
            f"rij {row.row_id} sluit niet aan op de rij ervoor: die is vervangen of de "
            "volgorde is veranderd"
        )
    return None


def _head_break(
    head: ChainHead | None, lane: int, checked: int, last: str
) -> tuple[BreakKind, str] | None:
    """What is wrong at the end of a lane, compared with its head, if anything."""
    if head is None:
        if checked == 0:
            return None
        return BreakKind.TRUNCATED, (
            f"de kop van keten {lane} (lengte en laatste hash) ontbreekt: die is verwijderd"
        )
    if head.length > checked:
        return BreakKind.TRUNCATED, (
            f"aan het eind van keten {lane} {_missing(head.length - checked)}: die telde er "
            f"{dutch_count(head.length)}, er staan er {dutch_count(checked)}"
        )
    if head.length != checked or head.last_hash != last:
        return BreakKind.CHANGED, (
            f"de kop van keten {lane} (lengte en laatste hash) past niet bij de laatste rij: "
            "er zijn rijen buiten de app om toegevoegd of de kop is veranderd"
        )
    return None


def verify_chain(
    table: str,
    rows: Iterable[ChainRow],
    head: ChainHead | None,
    seq_present: Callable[[int], bool],
    lane: int = 0,
) -> ChainReport:
    """Walk one lane's ``rows`` in the order they were written (by id); report the first break.

    Rows are written in lane order (the writer holds the lane's head while it inserts), so the
    places must run 1, 2, 3, ... by id. ``head`` is the lane's stored head (None when it is
    missing); ``seq_present`` tells whether any row of the lane holds a given place, so that a
    row on the wrong place can be told apart from rows that were deleted.
    """
    prev = GENESIS
    checked = 0
    for row in rows:
        found = _row_break(row, checked + 1, prev, seq_present)
        if found is not None:
            return ChainReport(table, checked, prev, ChainBreak(found[0], row.row_id, found[1]))
        prev = str(row.row_hash)
        checked += 1
    at_end = _head_break(head, lane, checked, prev)
    if at_end is not None:
        return ChainReport(table, checked, prev, ChainBreak(at_end[0], None, at_end[1]))
    return ChainReport(table, checked, prev)


def _break_order(report: ChainReport) -> tuple[bool, int]:
    """Breaks at a row first, by row id; breaks at a lane's end (no row) after them."""
    row_id = None if report.broken is None else report.broken.row_id
    return row_id is None, row_id or 0


def combine(table: str, lanes: Iterable[ChainReport]) -> ChainReport:
    """One report for a table from its lanes' reports: all rows, the first break by row id.

    ``last_hash`` becomes a fingerprint of every lane's last hash (SHA-256), one value to note
    down outside the database.
    """
    reports = list(lanes)
    breaks = [r for r in reports if r.broken is not None]
    first = min(breaks, key=_break_order, default=None)
    fingerprint = hashlib.sha256(
        "\n".join(r.last_hash for r in reports).encode("ascii")
    ).hexdigest()
    return ChainReport(
        table,
        sum(r.rows for r in reports),
        fingerprint,
        None if first is None else first.broken,
    )


def dutch_count(n: int) -> str:
    """A whole number the Dutch way (12.345)."""
    return f"{n:,}".replace(",", ".")


def describe(report: ChainReport) -> str:
    """One Dutch line about a table's chain: in order with the count, or the first break."""
    if report.broken is None:
        return f"{report.table}: in orde, {_rows_text(report.rows)} gecontroleerd"
    return (
        f"{report.table}: NIET in orde na {_rows_text(report.rows)} zonder fout: "
        f"{report.broken.message}"
    )
