"""Split a round into independent sub-problems: connected components of the candidate graph.

Nodes are students, places and companies. A candidate pair links a student and a place; a place
is linked to its company only when that company's budget or max_support could bind (that is what
couples its places). Components share no student, no place and no binding company, so each is
an exact sub-problem and the optimum of the round is the union of their optima. A company that
cannot bind may appear in several components: its limit cannot bind in any of them either.

Small components are batched (a batch is still an exact sub-problem, just disconnected) so a
worker pool gets a few meaningful jobs instead of thousands of tiny ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from matcher.solver.problem import AssignmentProblem, IntArray, binding_companies


@dataclass(frozen=True, eq=False)
class Component:
    """A sub-problem and where its indices come from in the parent problem."""

    problem: AssignmentProblem
    students: IntArray  # parent student index per local student
    places: IntArray
    companies: IntArray
    pairs: IntArray  # parent pair index per local pair


def split_components(problem: AssignmentProblem, *, batch_pairs: int = 2_000) -> list[Component]:
    """Independent sub-problems in a fixed order; components under batch_pairs pairs are batched."""
    labels = _pair_labels(problem)
    if labels.size == 0:
        return []
    order = np.argsort(labels, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)
    groups.sort(key=lambda g: int(g[0]))  # by first pair: independent of label numbering
    batches: list[list[IntArray]] = []
    batch_size = batch_pairs  # forces a new batch first
    for group in groups:
        if group.size >= batch_pairs:
            batches.append([group])
            continue
        if batch_size + group.size > batch_pairs:
            batches.append([])
            batch_size = 0
        batches[-1].append(group)
        batch_size += group.size
    return [subproblem(problem, np.sort(np.concatenate(b))) for b in batches]


def subproblem(problem: AssignmentProblem, pairs: IntArray) -> Component:
    """The sub-problem on the given pairs, with the students, places and companies they touch."""
    students = np.unique(problem.pair_student[pairs])
    places = np.unique(problem.pair_place[pairs])
    companies = np.unique(problem.place_company[places])
    locked = np.flatnonzero(np.isin(pairs, problem.locked))
    sub = AssignmentProblem(
        student_ids=tuple(problem.student_ids[i] for i in students.tolist()),
        place_ids=tuple(problem.place_ids[i] for i in places.tolist()),
        company_ids=tuple(problem.company_ids[i] for i in companies.tolist()),
        student_weight=problem.student_weight[students],
        student_needs_support=problem.student_needs_support[students],
        place_capacity=problem.place_capacity[places],
        place_company=np.searchsorted(companies, problem.place_company[places]),
        company_budget=problem.company_budget[companies],
        company_max_support=problem.company_max_support[companies],
        pair_student=np.searchsorted(students, problem.pair_student[pairs]),
        pair_place=np.searchsorted(places, problem.pair_place[pairs]),
        pair_score=problem.pair_score[pairs],
        pair_guidance=problem.pair_guidance[pairs],
        pair_origin=problem.pair_origin[pairs],
        locked=locked.astype(np.int64),
    )
    return Component(sub, students, places, companies, pairs)


def _pair_labels(problem: AssignmentProblem) -> IntArray:
    """Connected-component label of each pair."""
    n_s, n_p, n_c = len(problem.student_ids), len(problem.place_ids), len(problem.company_ids)
    linked_places = np.flatnonzero(binding_companies(problem)[problem.place_company])
    rows = np.concatenate([problem.pair_student, n_s + linked_places])
    cols = np.concatenate(
        [n_s + problem.pair_place, n_s + n_p + problem.place_company[linked_places]]
    )
    n = n_s + n_p + n_c
    graph = coo_matrix((np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    out: IntArray = labels[problem.pair_student].astype(np.int64)
    return out
