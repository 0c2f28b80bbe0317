"""Time one update (recompute + redraw + PNG) of the transport and homeostasis explorers.

Run:  .venv/bin/python benchmarks/homeostasis_explorers_speed.py [--rounds 2]

Every control of every explorer is swept over its range (sliders: 8 positions; buttons: every option)
``--rounds`` times, with the cell explorers' simulation cache cleared before each move, so every update
integrates the cell model afresh (the worst case; a reader revisiting a position gets the cached run).
Prints the median and worst wall-clock time per explorer and the median CPU time of this process (on a
shared, busy machine the wall clock also counts waiting for a core). Target: median wall time < 100 ms.
Exit status 1 when a median misses the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from excitable.explorers import homeostasis
from excitable.explorers.homeostasis import CellVolumeExplorer, PumpLeakExplorer
from excitable.explorers.transport import NernstPlanckExplorer

TARGET_MS = 100.0
EXPLORERS = (NernstPlanckExplorer, PumpLeakExplorer, CellVolumeExplorer)


def positions(control):
    """The values a sweep visits for one control."""
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    return [float(v) for v in np.linspace(control.min, control.max, 8)]


def sweep(explorer, rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of every single-control update over ``rounds`` sweeps of all controls."""
    wall, cpu = [], []
    for _ in range(rounds):
        for name, control in explorer.controls.items():
            for value in positions(control):
                if value == control.value:
                    continue
                homeostasis._run.cache_clear()
                start, start_cpu = time.perf_counter(), time.process_time()
                explorer.set(**{name: value})
                wall.append(1000.0 * (time.perf_counter() - start))
                cpu.append(1000.0 * (time.process_time() - start_cpu))
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    ok = True
    for cls in EXPLORERS:
        wall, cpu = sweep(cls(), args.rounds)
        median = statistics.median(wall)
        ok &= median < TARGET_MS
        print(f"{cls.__name__:22} {len(wall):3d} updates: median {median:6.1f} ms, worst {max(wall):6.1f} ms "
              f"(wall); median {statistics.median(cpu):6.1f} ms CPU")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
