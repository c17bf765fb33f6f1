"""Benchmark: load the shipped postcode table (cold, in a fresh process) and look up postcodes.

Run: .venv/bin/python benchmarks/bench_geocoder.py [--lookups 100000]
Writes benchmarks/results/geocoder.json. Target: cold load < 0.2 s, lookups O(1).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.geography.postcodes import PostcodeTable  # noqa: E402

COLD_LOAD = (
    "import time; t = time.perf_counter();"
    "from adapters.geography.postcodes import PostcodeTable; PostcodeTable.from_package();"
    "print(time.perf_counter() - t)"
)


def cold_load_seconds(runs: int) -> list[float]:
    """Import plus first load, each in a new interpreter."""
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", COLD_LOAD], cwd=ROOT, capture_output=True, text=True, check=True
        )
        out.append(float(done.stdout.strip()))
    return out


def lookup_seconds(count: int) -> float:
    """Seconds for ``count`` PC6 lookups (mixed known and unknown postcodes)."""
    table = PostcodeTable.from_package()
    rng = random.Random(1)
    letters = "ABCDEFGHJKLMNPRTVWXZ"
    codes = [
        f"{rng.randint(1000, 9999)} {rng.choice(letters)}{rng.choice(letters)}"
        for _ in range(count)
    ]
    start = time.perf_counter()
    for code in codes:
        table.locate(code)
    return time.perf_counter() - start


def main() -> None:
    """Measure, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cold = cold_load_seconds(args.runs)
    seconds = lookup_seconds(args.lookups)
    result = {
        "cold_import_and_load_s_median": sorted(cold)[len(cold) // 2],
        "cold_import_and_load_s_max": max(cold),
        "lookups": args.lookups,
        "lookup_us_mean": seconds / args.lookups * 1e6,
        "table_rows": len(PostcodeTable.from_package()),
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "benchmarks" / "results" / "geocoder.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
