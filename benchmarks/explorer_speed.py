"""Time one update (recompute + redraw + PNG) of every explorer in the book, as a reader moving a control sees it.

Run:  .venv/bin/python benchmarks/explorer_speed.py [--rounds 2] [--only NAME ...]

For every explorer, every control is moved in two ways, ``--rounds`` times:

- drag: ten single slider steps from the default position (what dragging a slider produces);
- jump: six positions spread over the control's whole range, and every option of a check box or
  button group (the worst case: axes may rescale and the figure is redrawn in full).

Prints the median, 90th percentile and worst update in ms per explorer and mode. Target: every update
under 100 ms; the exit status is 1 when a median misses it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from excitable.explorers import (  # chapter 4 (excitability dynamics)
    ActivityExplorer,
    BifurcationExplorer,
    CellVolumeExplorer,
    ChargeExplorer,
    FastIVExplorer,  # threshold chapter
    InactivationExplorer,
    InitialSegmentExplorer,
    IVExplorer,
    MyelinExplorer,
    NernstPlanckExplorer,
    OnsetExplorer,
    PairedPulseBench,  # refractoriness chapter
    PassiveMembraneExplorer,
    PhasePlaneExplorer,
    PropagationExplorer,
    PumpLeakExplorer,
    RateFunctionExplorer,
    RateRecoveryExplorer,
    RestingLab,
    SelectivityExplorer,
    SpikeDissector,
    SpikeExplorer,
    TemperatureExplorer,
    ThresholdBench,
    VoltageClampBench,
)

TARGET_MS = 100.0
EXPLORERS = (SpikeExplorer, ActivityExplorer, IVExplorer, NernstPlanckExplorer, RestingLab, PumpLeakExplorer,
             SelectivityExplorer, ChargeExplorer, CellVolumeExplorer, PassiveMembraneExplorer, VoltageClampBench,
             RateFunctionExplorer, RateRecoveryExplorer, OnsetExplorer, InactivationExplorer, SpikeDissector,
             TemperatureExplorer, MyelinExplorer,
             PropagationExplorer, PairedPulseBench)
EXPLORERS += (PhasePlaneExplorer, BifurcationExplorer)  # chapter 4 (excitability dynamics)
EXPLORERS += (ThresholdBench,)  # chapter 2 (threshold), sections 4-5
EXPLORERS += (InitialSegmentExplorer,)  # chapter 2 (threshold and initiation)
EXPLORERS += (FastIVExplorer,)  # chapter 2 (threshold), sections 1-3


def _options(control) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def jump_positions(control) -> list:
    """Positions spread over a control's whole range (every option for a choice)."""
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    if hasattr(control, "include"):  # a log slider: a selection over log-spaced values
        return [control.values[int(k)] for k in np.linspace(0, len(control.values) - 1, 6)]
    if hasattr(control, "options"):
        return _options(control)
    values = np.linspace(control.min, control.max, 6)
    return [int(round(v)) if isinstance(control.value, int) else float(v) for v in values]


def drag_positions(control, steps: int = 10) -> list:
    """Ten single steps of a slider from its current value (towards the far end), then back."""
    if hasattr(control, "include"):  # a log slider: the neighbouring values, one arrow key each
        index = control.values.index(control.value)
        forward = list(control.values[index + 1: index + 1 + steps]) or list(control.values[index - steps: index])
        return forward + forward[-2::-1] + [control.value]
    if isinstance(control.value, bool) or hasattr(control, "options"):
        return []
    else:
        direction = 1 if control.value + steps * control.step <= control.max else -1
        forward = [control.value + direction * k * control.step for k in range(1, steps + 1)]
        if isinstance(control.value, int):
            forward = [int(v) for v in forward]
    return forward + forward[-2::-1] + [control.value]


def sweep(explorer, rounds: int, positions) -> list[float]:
    """Milliseconds of every single-control update over ``rounds`` passes over all controls."""
    times = []
    for _ in range(rounds):
        for name, control in explorer.controls.items():
            start_value = control.value
            for value in positions(control):
                if value == control.value:
                    continue
                start = time.perf_counter()
                explorer.set(**{name: value})
                times.append(1000.0 * (time.perf_counter() - start))
            explorer.set(**{name: start_value})
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="class names of the explorers to time")
    args = parser.parse_args(argv)
    ok = True
    print(f"{'explorer':26} {'mode':5} {'updates':>7} {'median':>8} {'p90':>8} {'worst':>8}  (ms)")
    for cls in EXPLORERS:
        if args.only and cls.__name__ not in args.only:
            continue
        explorer = cls()
        explorer.update()  # warm caches and the JIT
        for mode, positions in (("drag", drag_positions), ("jump", jump_positions)):
            times = sweep(explorer, args.rounds, positions)
            if not times:
                continue
            median = statistics.median(times)
            ok &= median < TARGET_MS
            print(f"{cls.__name__:26} {mode:5} {len(times):7d} {median:8.1f} {np.percentile(times, 90):8.1f} "
                  f"{max(times):8.1f}")
    print("PASS" if ok else "FAIL: a median is over the target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
