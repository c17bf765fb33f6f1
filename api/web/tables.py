"""Core column collections of the tables the pages read (typed for ``select``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table

from adapters.db.models import CompanyRow, PlaceRow, StudentRow
from adapters.db.round_models import MatchRoundRow, ProposalRow


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


ST = _table(StudentRow).c
CO = _table(CompanyRow).c
PL = _table(PlaceRow).c
PR = _table(ProposalRow).c
MR = _table(MatchRoundRow).c
