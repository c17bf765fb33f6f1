"""Which ended BPVs are outcomes the learned model may learn from (pure).

The model predicts whether a BPV at a place goes well once it runs. So only a BPV that ran
counts:

- afgerond, succesvol: a success;
- afgerond, niet succesvol: a failure;
- gestopt after the start (outcome "afgebroken"): a failure, whoever stopped and why, except a
  withdrawn erkenning (``erkenning_ingetrokken``): that ends the BPV for an administrative reason
  of the company, not because the match did not work;
- ended before the start (a "niet akkoord" after the kennismaking, a stop before the start,
  status ``zoekt_nieuwe_plek``): not an outcome of the place. The BPV never ran, and a
  kennismaking is there to find out whether it fits; counting a "nee" there as a failure would
  teach the model to avoid the kennismakingen that prevent failures;
- still open: not yet an outcome.
"""

from __future__ import annotations

from matcher.bpv.vocabulary import BpvStatus, StopReason
from matcher.domain import Outcome

NOT_AN_OUTCOME_STOPS = frozenset({StopReason.ERKENNING_INGETROKKEN.value})


def training_outcome(status: str, outcome: str | None, stop_reason: str | None) -> Outcome | None:
    """The history outcome of a BPV record, or None when it is no outcome of the place."""
    if outcome is None:
        return None
    if status == BpvStatus.AFGEROND.value:
        return Outcome(outcome)
    if status == BpvStatus.GESTOPT.value and stop_reason not in NOT_AN_OUTCOME_STOPS:
        return Outcome.AFGEBROKEN
    return None
