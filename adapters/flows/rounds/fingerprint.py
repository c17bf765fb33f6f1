"""A fingerprint of a round's inputs: did the profiles a run used change since it was solved?

Every stored profile carries the hash of its content (``content_hash``, set by the import and by
profile edits). A run records the fingerprint of its students and of every current company and
place when it loads them; the round page compares it with the fingerprint now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.flows.profile_store import COMPANIES, PLACES, STUDENTS

SUMMARY_KEY = "inputs_fingerprint"


def inputs_fingerprint(session: Session, student_ids: Iterable[str]) -> str:
    """The hash of the round's students' and all current companies' and places' contents."""
    wanted = sorted(set(student_ids))
    digest = hashlib.blake2b(digest_size=16)
    for store, condition in (
        (STUDENTS, STUDENTS.key.in_(wanted)),
        (COMPANIES, None),
        (PLACES, None),
    ):
        table = store.table
        stmt = select(store.key, table.c.content_hash).where(store.current())
        if condition is not None:
            stmt = stmt.where(condition)
        digest.update(store.kind.id_column.encode())
        for ident, content in session.execute(stmt.order_by(store.key)):
            digest.update(f"{ident}={content};".encode())
    return digest.hexdigest()
