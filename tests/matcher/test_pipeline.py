"""Whole rounds: every proposal is recomputed from the output against every constraint."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from functools import lru_cache

import numpy as np
import pytest

from matcher.demo.population import generate_population
from matcher.domain import (
    Facility,
    GeoPoint,
    PlaceId,
    Population,
    ProposalStatus,
    StudentId,
    age_on,
)
from matcher.eligibility import evaluate_rules
from matcher.errors import RuleViolationError
from matcher.pipeline import Decisions, RoundPolicy, RoundResult, run_round
from matcher.solver import SolverLimits
from matcher.solver.stability import blocking_pairs
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import EstimatedTravelTime
from matcher.unplaced import UnplacedKind
from matcher.whatif import diff_rounds
from tests.factories import make_company, make_place, make_student
from tests.matcher.demo.towns_fixture import TOWNS
from tests.matcher.examples import POPULATION

TRAVEL = EstimatedTravelTime()
ON = date(2026, 9, 1)
FAST = RoundPolicy(limits=SolverLimits(time_limit_s=20.0))


@lru_cache(maxsize=4)
def demo(n: int, seed: int) -> Population:
    return generate_population(n_students=n, seed=seed, towns=TOWNS, on=ON)


def assert_feasible(population: Population, result: RoundResult, decisions: Decisions) -> None:
    """Recompute capacity, budgets, max support, hard rules, locks and vetoes from the output."""
    places = {p.place_id: p for p in population.places}
    companies = {c.company_id: c for c in population.companies}
    students = {s.student_id: s for s in population.students}
    out = result.proposals
    assert sorted(p.student_id for p in out) == sorted(students)  # every student exactly once
    chosen = [(p.student_id, p.place_id) for p in out if p.place_id is not None]
    per_place = Counter(pid for _, pid in chosen)
    assert all(n <= places[pid].capacity for pid, n in per_place.items())
    guidance: dict[str, float] = defaultdict(float)
    support: Counter[str] = Counter()
    for sid, pid in chosen:
        cid = places[pid].company_id
        guidance[cid] += round(students[sid].guidance_hours_per_week * 10) / 10
        support[cid] += students[sid].needs_extra_support
    for cid, hours in guidance.items():
        assert hours <= companies[cid].guidance_hours_per_week + 1e-6, cid
    for cid, n in support.items():
        limit = companies[cid].max_support_students
        assert limit is None or n <= limit, cid
    if chosen:
        st = StudentTable.from_students(population.students)
        pl = PlaceTable.from_population(population)
        row = {s.student_id: i for i, s in enumerate(population.students)}
        s_idx = np.array([row[s] for s, _ in chosen])
        p_idx = np.array([pl.index[p] for _, p in chosen])
        rules = evaluate_rules(st, pl, s_idx, p_idx, on=ON, travel=TRAVEL)
        assert rules.eligible.all(), [chosen[i] for i in np.flatnonzero(~rules.eligible)]
    assert decisions.locks <= set(chosen)
    assert not decisions.vetoes & set(chosen)
    for p in out:
        if p.place_id is None:
            assert p.status is ProposalStatus.UNPLACED
            assert p.unplaced_reason
        else:
            assert p.explanation
            assert 0.0 <= (p.score or 0.0) <= 1.0


def test_examples_round_respects_every_rule_and_the_personas() -> None:
    result = run_round(POPULATION, on=ON, travel=TRAVEL, policy=FAST)
    assert_feasible(POPULATION, result, Decisions())
    by_student = {p.student_id: p for p in result.proposals}
    places = {p.place_id: p for p in POPULATION.places}
    companies = {c.company_id: c for c in POPULATION.companies}
    rowina = by_student[StudentId("s002")]
    if rowina.place_id:
        company = companies[places[rowina.place_id].company_id]
        assert company.wheelchair_access is not Facility.NO
    joshua = by_student[StudentId("s001")]
    if joshua.place_id:
        assert places[joshua.place_id].quiet_workspace is not Facility.NO
    for p in result.proposals:
        student = next(s for s in POPULATION.students if s.student_id == p.student_id)
        if p.place_id and age_on(student.birth_date, ON) < 18:
            assert not places[p.place_id].night_work


@pytest.mark.parametrize("seed", [1, 2])
def test_demo_round_is_feasible_and_places_most_students(seed: int) -> None:
    population = demo(400, seed)
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    assert_feasible(population, result, Decisions())
    assert result.summary.placed >= 0.4 * len(population.students)
    assert sum(result.summary.unplaced_reasons.values()) == 400 - result.summary.placed


def test_the_summary_counts_the_proposal_blocking_pairs() -> None:
    population = demo(400, 1)
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    prefs = {s.student_id: s.preferences for s in population.students}
    found = blocking_pairs(result.problem, result.assignment.pairs, prefs)
    assert result.summary.blocking_pairs == found.count
    assert result.summary.as_dict()["solver"]["blocking_pairs"] == found.count  # type: ignore[index]
    proposed = {(p.student_id, p.place_id) for p in result.proposals}
    assert proposed.isdisjoint(zip(found.student_ids, found.place_ids, strict=True))


def test_locks_stay_and_vetoes_never_come_back() -> None:
    population = demo(400, 3)
    first = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    placed = [p for p in first.proposals if p.place_id is not None]
    veto = (placed[0].student_id, placed[0].place_id)
    # lock a student into a different eligible place than the one proposed
    scored = first.scored
    alternatives = [
        (scored.student_ids[s], scored.place_ids[p])
        for s, p in zip(scored.pairs.s_idx.tolist(), scored.pairs.p_idx.tolist(), strict=True)
    ]
    proposed = {(p.student_id, p.place_id) for p in placed}
    guidance = {s.student_id: s.guidance_hours_per_week for s in population.students}
    budget = {c.company_id: c.guidance_hours_per_week for c in population.companies}
    company = {p.place_id: p.company_id for p in population.places}
    lock = next(
        pair
        for pair in alternatives
        if pair not in proposed
        and pair[0] != veto[0]
        and 2 * guidance[pair[0]] <= budget[company[pair[1]]]  # room left for the others there
    )
    decisions = Decisions(locks=frozenset({lock}), vetoes=frozenset({veto}))
    second = run_round(population, on=ON, travel=TRAVEL, policy=FAST, decisions=decisions)
    assert_feasible(population, second, decisions)
    status = {p.student_id: p.status for p in second.proposals}
    assert status[lock[0]] is ProposalStatus.LOCKED
    diff = diff_rounds(
        first.proposals, second.proposals, locks=decisions.locks, vetoes=decisions.vetoes
    )
    changed = {c.student_id: c for c in diff.changes}
    assert changed[lock[0]].reason == "Vastgezet door een medewerker."
    assert changed[veto[0]].reason == "De eerdere plek is afgewezen door een medewerker."
    assert diff.unchanged + len(diff.changes) == 400


def test_locking_an_unfit_place_is_refused_with_the_rule_named() -> None:
    rowina, no_access = StudentId("s002"), PlaceId("p001")  # p001: garage without wheelchair access
    with pytest.raises(RuleViolationError, match="rolstoel"):
        run_round(
            POPULATION,
            on=ON,
            travel=TRAVEL,
            policy=FAST,
            decisions=Decisions(locks=frozenset({(rowina, no_access)})),
        )


def _one_company(**place_overrides: object) -> Population:
    return Population(
        students=(
            make_student(
                "s1", needs_quiet_workspace=True, max_travel_minutes=20, travel_mode="fiets"
            ),
        ),
        companies=(make_company("c1", name="Drukkerij Noord", location=GeoPoint(52.0907, 5.1214)),),
        places=(make_place("p1", "c1", **place_overrides),),
    )


def test_unplaced_student_hears_which_arrangement_would_open_a_place() -> None:
    population = _one_company(quiet_workspace=Facility.NO)
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    diagnosis = result.diagnoses[StudentId("s1")]
    assert diagnosis.kind is UnplacedKind.NO_ELIGIBLE
    assert diagnosis.top_rule == "quiet_workspace"
    assert "rustige werkplek" in result.proposals[0].unplaced_reason
    assert "Drukkerij Noord" in result.proposals[0].unplaced_reason


def test_a_minor_whose_school_time_fills_the_week_hears_why() -> None:
    population = _one_company(quiet_workspace=Facility.YES)
    student = replace(
        population.students[0],
        birth_date=date(2009, 3, 1),  # 17 on the BPV start
        hours_per_week=32.0,
        school_hours_per_week=10.0,  # 42 hours of working time (M4)
    )
    result = run_round(replace(population, students=(student,)), on=ON, travel=TRAVEL, policy=FAST)
    assert result.diagnoses[StudentId("s1")].top_rule == "minor_working_time"
    assert "hoogstens 40 uur per week, school meegeteld" in result.proposals[0].unplaced_reason
    adult = replace(student, birth_date=date(2007, 3, 1))  # school time is not counted at 19
    result = run_round(replace(population, students=(adult,)), on=ON, travel=TRAVEL, policy=FAST)
    assert result.proposals[0].place_id == "p1"


def test_unplaced_student_hears_how_much_more_travel_would_help() -> None:
    far = GeoPoint(52.0907, 5.333)  # ~14.5 km east of the student: ~55 min by ov (max 45)
    population = replace(
        _one_company(quiet_workspace=Facility.YES),
        companies=(make_company("c1", location=far),),
    )
    student = replace(population.students[0], travel_mode="ov", max_travel_minutes=45)
    population = replace(population, students=(student,))
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    reason = result.proposals[0].unplaced_reason
    assert result.diagnoses[StudentId("s1")].kind is UnplacedKind.NONE_IN_REACH
    assert "met 15 minuten meer reistijd: 1 plek" in reason


def test_student_who_lost_the_competition_is_told_so() -> None:
    population = _one_company(quiet_workspace=Facility.YES)
    rival = make_student(
        "s0", priority=True, needs_quiet_workspace=True, max_travel_minutes=20, travel_mode="fiets"
    )
    population = replace(population, students=(*population.students, rival))
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    by_id = {p.student_id: p for p in result.proposals}
    assert by_id[StudentId("s0")].place_id == "p1"  # the priority student wins
    assert result.diagnoses[StudentId("s1")].kind is UnplacedKind.COMPETITION


def test_round_is_deterministic() -> None:
    population = demo(300, 5)
    a = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    b = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    assert [(p.student_id, p.place_id) for p in a.proposals] == [
        (p.student_id, p.place_id) for p in b.proposals
    ]


def test_proposed_company_ids_exist() -> None:
    result = run_round(POPULATION, on=ON, travel=TRAVEL, policy=FAST)
    known = {c.company_id for c in POPULATION.companies}
    assert {p.company_id for p in result.proposals if p.company_id} <= known
