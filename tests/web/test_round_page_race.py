"""A round that finishes while its page is being made: the page shows one read of the round.

The page commits its privacy log; a template rendered after that commit read the round again and
met a run that had finished in between (the table without its filters: a crash in CI)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import RoundStatus
from adapters.flows.reads import rounds as reads
from tests.web.conftest import log_in


def test_a_run_that_finishes_mid_request_does_not_break_the_round_page(
    web: TestClient, accounts: dict[str, DemoAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        row = repo.add_round(
            session, name="najaar", filters={}, policy={}, bpv_start=date(2026, 9, 1),
            actor="bureau",
        )  # fmt: skip
        assert row.id is not None
        round_id = row.id
        repo.insert_proposals(
            session,
            [{"round_id": round_id, "run": 1, "student_id": "s001", "place_id": "p001",
              "company_id": "c01", "status": "proposed", "decision": "open", "terms": {},
              "explanation": "", "unplaced_reason": "", "locked": False}],
        )  # fmt: skip
        repo.set_round_state(session, round_id, status=RoundStatus.RUNNING.value, progress=60)
    read = reads.round_overview

    def overview_then_finish(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        with session_scope(engine) as other:  # the worker finishes the run just now
            repo.set_round_state(
                other, round_id, status=RoundStatus.IN_REVIEW.value, current_run=1, progress=100
            )
        return found

    monkeypatch.setattr(reads, "round_overview", overview_then_finish)
    log_in(web, accounts["bureau"])
    answer = web.get(f"/bureau/rondes/{round_id}")
    assert answer.status_code == 200
    assert 'id="f-sort"' not in answer.text  # the run was not done when the round was read
    monkeypatch.setattr(reads, "round_overview", read)
    later = web.get(f"/bureau/rondes/{round_id}")
    assert 'id="f-sort"' in later.text  # the next look shows the finished run
