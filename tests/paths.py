"""Paths to test data kept in the repository."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# A copy of ../shared/contract/examples (the contract's hand-written example set), kept in the
# repo so the tests run in any checkout.
EXAMPLES = DATA / "contract_examples"
