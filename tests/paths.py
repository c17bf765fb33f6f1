"""Paths to test data kept in the repository."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# A copy of the exchange contract's hand-written example set (docs/contract.md), kept in the
# repo so the tests run in any checkout.
EXAMPLES = DATA / "contract_examples"
