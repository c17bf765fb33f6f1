"""Input checks for build_problem: malformed input and locks that cannot all hold together.

Messages are for the people who run a round, so they are in plain Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from matcher.errors import InvalidInputError, Issue, RuleViolationError
from matcher.nl import number

NO_LIMIT = -1  # budget / max_support value meaning "unlimited"
BAD = -(2**62)  # marks a value that could not be read as a whole number; always reported

_FILES = {"student": "studenten", "place": "plekken", "company": "bedrijven", "pair": "kandidaten"}


def check_shapes(
    ids: Mapping[str, Sequence[str]],
    arrays: Mapping[str, np.ndarray],
    locks: NDArray[np.int64],
    vetoes: NDArray[np.int64],
) -> None:
    """Raise InvalidInputError listing every malformed array, id or index."""
    n = {kind: len(ids[f"{kind}_ids"]) for kind in ("student", "place", "company")}
    n["pair"] = int(arrays["pair_student"].size)
    issues = [_issue(kind, f"'{i}' komt meer dan één keer voor.") for kind, i in _duplicates(ids)]
    for name, arr in arrays.items():
        kind = name.split("_", 1)[0]
        if arr.size != n[kind]:
            issues.append(_issue(kind, f"{name}: {arr.size} waarden, {n[kind]} verwacht."))
    if issues:
        raise InvalidInputError("De invoer voor het indelen klopt niet.", issues=issues)
    lo_hi = {
        "student_weight": (1, None),
        "place_capacity": (0, None),
        "place_company": (0, n["company"] - 1),
        "pair_student": (0, n["student"] - 1),
        "pair_place": (0, n["place"] - 1),
        "pair_guidance": (0, None),
        "company_budget": (NO_LIMIT, None),
        "company_max_support": (NO_LIMIT, None),
    }
    for name, (lo, hi) in lo_hi.items():
        issues += _out_of_range(name, arrays[name], lo, hi)
    score = arrays["pair_score"]
    bad_score = ~np.isfinite(score) | (score < 0) | (score > 1)
    issues += [_issue("pair", "De score moet tussen 0 en 1 liggen.", i) for i in _first(bad_score)]
    for name, idx in (("vastgezette", locks), ("uitgesloten", vetoes)):
        wrong = (idx < 0) | (idx >= n["pair"])
        reason = f"Deze {name} koppeling bestaat niet."
        issues += [_issue("pair", reason, idx[i]) for i in _first(wrong)]
    if not issues:
        issues += _duplicate_pairs(arrays, ids)
    if issues:
        raise InvalidInputError("De invoer voor het indelen klopt niet.", issues=issues)


def check_locks(
    ids: Mapping[str, Sequence[str]],
    arrays: Mapping[str, np.ndarray],
    locks: NDArray[np.int64],
    vetoes: NDArray[np.int64],
) -> None:
    """Raise RuleViolationError when the locked pairs cannot all be chosen together."""
    student, place = arrays["pair_student"][locks], arrays["pair_place"][locks]
    company = arrays["place_company"][place]
    s_ids, p_ids, c_ids = ids["student_ids"], ids["place_ids"], ids["company_ids"]
    reasons = [
        f"{s_ids[int(student[i])]} bij {p_ids[int(place[i])]} is vastgezet én uitgesloten; "
        "kies één van de twee"
        for i in np.flatnonzero(np.isin(locks, vetoes))
    ]
    per_student = np.bincount(student, minlength=len(s_ids))
    reasons += [
        f"{s_ids[int(s)]} is aan meer dan één plek vastgezet; een student krijgt één plek"
        for s in np.flatnonzero(per_student > 1)
    ]
    per_place = np.bincount(place, minlength=len(p_ids))
    cap = arrays["place_capacity"]
    reasons += [
        f"aan {p_ids[int(p)]} zijn {per_place[p]} studenten vastgezet, er is plek voor {cap[p]}"
        for p in np.flatnonzero(per_place > cap)
    ]
    n_c = len(c_ids)
    hours = np.bincount(company, arrays["pair_guidance"][locks], minlength=n_c)
    budget = arrays["company_budget"]
    reasons += [
        f"bij {c_ids[int(c)]} vragen de vastgezette studenten {number(hours[c] / 10)} uur "
        f"begeleiding per week, het bedrijf heeft {number(budget[c] / 10)} uur"
        for c in np.flatnonzero((budget != NO_LIMIT) & (hours > budget))
    ]
    support_locks = arrays["student_needs_support"][student]
    support = np.bincount(company, support_locks, minlength=n_c).astype(np.int64)
    limit = arrays["company_max_support"]
    reasons += [
        f"bij {c_ids[int(c)]} zijn {support[c]} studenten met extra ondersteuning vastgezet, "
        f"het bedrijf kan er {limit[c]} begeleiden"
        for c in np.flatnonzero((limit != NO_LIMIT) & (support > limit))
    ]
    if reasons:
        raise RuleViolationError(
            "Deze vastgezette koppelingen passen niet samen: " + "; ".join(reasons) + ".",
            reasons=reasons,
        )


def _issue(kind: str, reason: str, row: object = None) -> Issue:
    value = None if row is None else str(row)
    return Issue(file=_FILES[kind], row=None, column=None, reason=reason, value=value)


def _first(mask: NDArray[np.bool_], limit: int = 20) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask)[:limit]]


def _out_of_range(name: str, arr: np.ndarray, lo: int, hi: int | None) -> list[Issue]:
    kind = name.split("_", 1)[0]
    bad = (arr < lo) if hi is None else (arr < lo) | (arr > hi)
    reason = f"{name}: de waarde moet een heel getal zijn van {lo} of meer"
    reason += "." if hi is None else f" en {hi} of minder."
    return [_issue(kind, reason, f"{i}: {arr[i]}") for i in _first(bad)]


def _duplicates(ids: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    found = []
    for kind in ("student", "place", "company"):
        values, counts = np.unique(np.asarray(ids[f"{kind}_ids"], dtype=str), return_counts=True)
        found += [(kind, str(v)) for v in values[counts > 1][:20]]
    return found


def _duplicate_pairs(
    arrays: Mapping[str, np.ndarray], ids: Mapping[str, Sequence[str]]
) -> list[Issue]:
    key = arrays["pair_student"].astype(np.int64) * max(len(ids["place_ids"]), 1)
    key = key + arrays["pair_place"]
    order = np.argsort(key, kind="stable")
    dup = order[1:][key[order][1:] == key[order][:-1]]
    return [
        _issue(
            "pair",
            "Dezelfde student en plek staan meer dan één keer in de kandidaten.",
            f"{ids['student_ids'][int(arrays['pair_student'][i])]} / "
            f"{ids['place_ids'][int(arrays['pair_place'][i])]}",
        )
        for i in dup[:20]
    ]
