"""Profile flows: get, list, create, update and delete students, companies and places.

Every write is validated by the contract reader (``profile_rows``), exactly like a file import,
checked against the actor's write scope per record and per field (``matcher.privacy.writes``),
and stored in one transaction in the live dataset; a refused write stores nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Engine
from sqlalchemy.exc import IntegrityError

from adapters.db import praktijkopleider_queries as people
from adapters.db import profile_queries as store
from adapters.db.engine import scrub_deleted, session_scope
from adapters.db.profile_queries import COMPANIES, PLACES, STUDENTS, ProfileTable
from adapters.db.round_repositories import delete_notes
from adapters.flows.profile_rows import as_cells, kind_of, merge_update, validate_row
from adapters.geography import Geocoder
from matcher.domain import Company, Place, Student
from matcher.errors import ConflictError, NotFoundError, PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.writes import Kind, Write, write_refusal

T = TypeVar("T", Student, Company, Place)
MAX_LIMIT = 500


def get_profile(engine: Engine, table: ProfileTable[T], ident: str) -> T:
    """The profile with this id; NotFoundError when there is none."""
    with engine.connect() as conn:
        return _require(conn, table, ident)


def find_profile(conn: Connection, table: ProfileTable[T], ident: str) -> T | None:
    """The profile with this id in the live dataset, or None (for pages with their own
    message)."""
    return store.fetch_one(conn, table, ident)


def list_profiles(
    engine: Engine,
    table: ProfileTable[T],
    where: Sequence[ColumnElement[bool]] = (),
    *,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[T], int]:
    """One page of profiles sorted by id, and the total that match."""
    limit = max(1, min(limit, MAX_LIMIT))
    with engine.connect() as conn:
        return store.fetch_page(conn, table, where, offset=max(offset, 0), limit=limit)


def create_profile(
    engine: Engine,
    table: ProfileTable[T],
    body: Mapping[str, Any],
    *,
    geocoder: Geocoder,
    actor: Principal,
) -> T:
    """Validate a new profile like one row of a file and store it; ConflictError if id taken.

    PermissionDeniedError when ``actor`` may not add it (e.g. a company adding a company)."""
    ident = str(body[kind_of(table).id_column])
    owner = ident if table is COMPANIES else body.get("company_id")
    _check_scope(actor, table, Write.CREATE, None if owner is None else str(owner), body)
    try:
        with session_scope(engine) as session:
            conn = session.connection()
            if store.exists(conn, table, ident):
                raise _taken(table, ident)
            known = _known_company(conn, table, body.get("company_id"))
            item = validate_row(
                kind_of(table), as_cells(body), geocoder=geocoder, known_company_ids=known
            )
            store.insert_one(conn, table, item)
    except IntegrityError:  # someone else stored the same id a moment ago
        raise _taken(table, ident) from None
    return item


def update_profile(
    engine: Engine,
    table: ProfileTable[T],
    ident: str,
    changes: Mapping[str, Any],
    *,
    geocoder: Geocoder,
    actor: Principal,
) -> T:
    """Apply a partial change, re-validate the whole profile and store it.

    The record must be in ``actor``'s write scope, and so must every field whose value changes
    (a value sent unchanged is no change); PermissionDeniedError otherwise."""
    with session_scope(engine) as session:
        conn = session.connection()
        current = _require(conn, table, ident)
        owner = _owner(current)
        _check_scope(actor, table, Write.UPDATE, owner, ())
        company_id = changes.get("company_id", getattr(current, "company_id", None))
        known = _known_company(conn, table, company_id)
        item = merge_update(
            kind_of(table), current, changes, geocoder=geocoder, known_company_ids=known
        )
        _check_scope(actor, table, Write.UPDATE, owner, _changed_fields(current, item))
        store.update_one(conn, table, ident, item)
    return item


def delete_profile(engine: Engine, table: ProfileTable[T], ident: str, *, actor: Principal) -> None:
    """Remove a profile nothing refers to; ConflictError names what still refers to it."""
    try:
        with session_scope(engine) as session:
            conn = session.connection()
            current = _require(conn, table, ident)
            _check_scope(actor, table, Write.DELETE, _owner(current), ())
            _check_unreferenced(conn, table, ident)
            store.delete_one(conn, table, ident)
            if table is COMPANIES:  # its praktijkopleiders are the company's own data
                people.remove_company(conn, ident)
            if table is STUDENTS:  # reviewers' notes are about the person: they go too
                delete_notes(session, ident)
    except IntegrityError:
        raise ConflictError(
            f"{kind_of(table).label.capitalize()} '{ident}' wordt nog ergens gebruikt, "
            "bijvoorbeeld in een matchronde. Haal die koppeling eerst weg.",
            id=ident,
        ) from None
    if table is STUDENTS:
        scrub_deleted(engine)


def _check_scope(
    actor: Principal,
    table: ProfileTable[Any],
    write: Write,
    owner: str | None,
    changed: Iterable[str],
) -> None:
    """Raise PermissionDeniedError (with the Dutch reason) when the write is out of scope."""
    fields = frozenset(changed)
    refusal = write_refusal(actor, Kind(kind_of(table).file), write, owner=owner, changed=fields)
    if refusal is not None:
        raise PermissionDeniedError(refusal, fields=sorted(fields))


def _owner(item: Student | Company | Place) -> str | None:
    """The company a record belongs to (None for a student)."""
    owner = getattr(item, "company_id", None)
    return None if owner is None else str(owner)


def _changed_fields(before: T, after: T) -> frozenset[str]:
    """The domain fields whose value differs (``location`` for a new place on the map)."""
    return frozenset(
        f.name
        for f in dataclasses.fields(before)
        if getattr(before, f.name) != getattr(after, f.name)
    )


def _require(conn: Connection, table: ProfileTable[T], ident: str) -> T:
    item = store.fetch_one(conn, table, ident)
    if item is None:
        raise NotFoundError(
            f"Er is geen {kind_of(table).label} met code '{ident}'. Controleer de code.", id=ident
        )
    return item


def _taken(table: ProfileTable[Any], ident: str) -> ConflictError:
    return ConflictError(
        f"De code '{ident}' is al in gebruik voor een {kind_of(table).label}. Kies een andere "
        "code, of pas de bestaande aan.",
        id=ident,
    )


def _known_company(
    conn: Connection, table: ProfileTable[Any], company_id: object
) -> frozenset[str]:
    """For places: the company id when that company exists (the reader reports it otherwise)."""
    if table is not PLACES or company_id is None:
        return frozenset()
    ident = str(company_id)
    return frozenset({ident}) if store.exists(conn, COMPANIES, ident) else frozenset()


def _check_unreferenced(conn: Connection, table: ProfileTable[Any], ident: str) -> None:
    if table is COMPANIES:
        count = store.count_places_of(conn, ident)
        if count:
            raise ConflictError(
                f"Bij bedrijf '{ident}' {_n(count, 'hoort nog 1 plek', 'horen nog {} plekken')}. "
                "Verwijder die plekken eerst, of zet ze bij een ander bedrijf.",
                id=ident,
            )
    if table is PLACES:
        count = store.count_wishes_for(conn, ident)
        if count:
            raise ConflictError(
                f"{_n(count, '1 student noemt', '{} studenten noemen')} plek '{ident}' als wens. "
                "Pas eerst die wensen aan.",
                id=ident,
            )


def _n(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.format(count)
