"""A fingerprint of a round's inputs: did the profiles a run used change since it was solved?

Every stored profile carries the hash of its content (``content_hash``, set by the import and by
profile edits). A run records the fingerprint of its students and of every current company and
place when it loads them; the round page compares it with the fingerprint now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy.orm import Session

from adapters.db import praktijkopleider_queries as people
from adapters.db.profile_queries import COMPANIES, PLACES, STUDENTS, content_hashes

SUMMARY_KEY = "inputs_fingerprint"


def inputs_fingerprint(session: Session, student_ids: Iterable[str]) -> str:
    """The hash of the round's students' and all current companies' and places' contents."""
    wanted = set(student_ids)
    digest = hashlib.blake2b(digest_size=16)
    for store in (STUDENTS, COMPANIES, PLACES):
        digest.update(store.id_column.encode())
        # every row read and filtered here: an IN list of a large round's ids would exceed
        # the databases' limits on bound parameters
        for ident, content in content_hashes(session.connection(), store):
            if store is not STUDENTS or ident in wanted:
                digest.update(f"{ident}={content};".encode())
    budgets = people.budget_rows(session.connection())  # their hours are the companies' budgets
    if budgets:  # none: the same fingerprint as before praktijkopleiders existed
        digest.update(b"praktijkopleider")
    for company_id, hours, experience in budgets:
        digest.update(f"{company_id}={hours}/{experience};".encode())
    return digest.hexdigest()
