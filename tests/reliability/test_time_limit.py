"""A round larger than its time limit: the best solution found is kept, marked as not proved."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from adapters.demo_data import load_towns
from matcher.demo.population import generate_population
from tests.api.rounds_helpers import solved_round, store


@pytest.mark.slow
def test_round_over_its_time_limit_returns_the_best_found_marked_as_such(
    client: TestClient,
) -> None:
    population = generate_population(
        n_students=1000, seed=7, towns=load_towns(), on=date(2026, 9, 1)
    )
    store(client, population)
    policy = {"use_guidance_budget": True, "use_max_support": True, "time_limit_s": 0.5}
    body = solved_round(client, policy=policy)
    assert body["status"] == "solved", body["error"]
    solution = body["solution"]
    assert solution["status"] == "feasible"
    assert solution["proved_optimal"] is False
    assert "niet bewezen" in solution["label"]
    assert solution["gap"] is not None
    assert solution["gap"] > 0
    proposals = client.get(f"/rounds/{body['id']}/proposals", params={"limit": 500}).json()
    assert proposals["total"] == len(population.students)  # every student has an answer
    placed = [p for p in proposals["items"] if p["place_id"] is not None]
    assert placed  # the best solution found, not an empty one


def test_a_proved_round_says_so(client: TestClient) -> None:
    from tests.api.rounds_helpers import review_population

    store(client, review_population())
    solution = solved_round(client)["solution"]
    assert solution["status"] == "optimal"
    assert solution["proved_optimal"] is True
    assert solution["label"] == "beste verdeling gevonden (bewezen)"
    assert isinstance(solution["blocking_pairs"], int)  # the stability figure (stability.py)
    assert solution["blocking_pairs"] >= 0
