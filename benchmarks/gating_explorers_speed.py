"""Time one update (recompute + redraw + PNG) of each gating-chapter explorer, as a reader moving a slider sees it.

Run:  .venv/bin/python benchmarks/gating_explorers_speed.py [--rounds 3]

Every control of every explorer is swept over its range (sliders: 6 positions; buttons and check boxes:
every option) ``--rounds`` times; prints the median and worst update in ms per explorer. Target: median
< 100 ms. Exit status 1 when a median misses the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from excitable.explorers.circuit import PassiveMembraneExplorer
from excitable.explorers.clamp import VoltageClampBench
from excitable.explorers.onset import OnsetExplorer
from excitable.explorers.rates import RateFunctionExplorer, RateRecoveryExplorer

TARGET_MS = 100.0
EXPLORERS = (PassiveMembraneExplorer, VoltageClampBench, RateFunctionExplorer, RateRecoveryExplorer, OnsetExplorer)


def positions(control):
    """The values a sweep visits for one control."""
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    values = np.linspace(control.min, control.max, 6)
    return [int(round(v)) if isinstance(control.value, int) else float(v) for v in values]


def sweep(explorer, rounds: int) -> list[float]:
    """Milliseconds of every single-control update over ``rounds`` sweeps of all controls."""
    times = []
    for _ in range(rounds):
        for name, control in explorer.controls.items():
            for value in positions(control):
                if value == control.value:
                    continue
                start = time.perf_counter()
                explorer.set(**{name: value})
                times.append(1000.0 * (time.perf_counter() - start))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ok = True
    for cls in EXPLORERS:
        times = sweep(cls(), args.rounds)
        median = statistics.median(times)
        ok &= median < TARGET_MS
        print(f"{cls.__name__:24s} median {median:6.1f} ms  worst {max(times):6.1f} ms  ({len(times)} updates)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
