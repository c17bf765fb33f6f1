"""How a round's time limit is shared over its independent components.

Each component gets a fixed share, decided before any of them is solved, so its answer depends
only on itself: the same whether components run one by one, in a process pool or on Celery
workers. Unused work does not pass on.

Pairs alone are a poor guide for small components. A component of up to
``mip_max_pairs`` pairs (tuning.py) can be solved almost exactly (placement MIP, then quality MIP),
but a share in proportion to its pairs is too small for that in a round with large components
(docs/solver.md, "The budget"). So small components first get what their full pipeline
needs (``plan.full_work``), the cheapest first, up to ``small_share_max`` of the limit when
large components are there too; the large ones share the rest in proportion to their pairs. A
round of small components only keeps shares in proportion to pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.solver.plan import full_work
from matcher.solver.tuning import TUNING, Tuning


def component_shares(
    constrained_pairs: Sequence[int], time_limit_s: float, tuning: Tuning = TUNING
) -> list[float]:
    """Work seconds per component; ``constrained_pairs``: its pairs, 0 without side constraints.

    Components without side constraints only get ``min_share_s`` (min-cost flow needs none).
    """
    min_share, mip_max = tuning.min_share_s, tuning.mip_max_pairs
    total = sum(constrained_pairs) or 1
    shares = [time_limit_s * n / total for n in constrained_pairs]
    large = [i for i, n in enumerate(constrained_pairs) if n > mip_max]
    if not large:
        return [max(share, min_share) for share in shares]
    small = sorted(
        (i for i, n in enumerate(constrained_pairs) if 0 < n <= mip_max),
        key=lambda i: (full_work(constrained_pairs[i], tuning), i),
    )
    room = time_limit_s * tuning.small_share_max
    for i in small:  # the cheapest first: as many small components as possible finish
        need = full_work(constrained_pairs[i], tuning)
        if need > room:
            break
        shares[i] = max(shares[i], need)
        room -= shares[i]
    left = time_limit_s - sum(shares[i] for i in small)
    large_pairs = sum(constrained_pairs[i] for i in large)
    for i in large:
        shares[i] = left * constrained_pairs[i] / large_pairs
    return [max(share, min_share) for share in shares]
