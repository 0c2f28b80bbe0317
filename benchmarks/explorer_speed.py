"""Time one update of the spike explorer (simulate + redraw + PNG), as a reader moving a slider sees it.

Run:  .venv/bin/python benchmarks/explorer_speed.py [--updates 30]

Prints the median and worst time of one update over ``--updates`` slider
moves (amplitude swept across its whole range, alternating with duration
moves), and the share spent simulating and rendering. Target: median < 100 ms.
Exit status 1 when the median misses the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from excitable.explorers import SpikeExplorer

TARGET_MS = 100.0


def _time(call) -> float:
    start = time.perf_counter()
    call()
    return 1000.0 * (time.perf_counter() - start)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=30)
    args = parser.parse_args(argv)

    explorer = SpikeExplorer()  # the first update (and the JIT compile) happens here
    for _ in range(3):
        explorer.update()

    amplitude, duration = explorer.amplitude_slider, explorer.duration_slider
    amplitudes = np.linspace(amplitude.min, amplitude.max, args.updates)
    durations = np.linspace(duration.min, duration.max, args.updates)[::-1]
    updates = []
    for k in range(args.updates):
        move = {"duration": float(durations[k])} if k % 2 else {"amplitude": float(amplitudes[k])}
        updates.append(_time(lambda move=move: explorer.set(**move)))
    simulate = [_time(explorer.simulate) for _ in range(args.updates)]
    render = [_time(explorer._live.render_png) for _ in range(args.updates)]

    median = statistics.median(updates)
    print(f"spike explorer, {args.updates} slider moves (simulate + redraw + PNG):")
    print(f"  median update  {median:7.1f} ms   (target < {TARGET_MS:.0f} ms)")
    print(f"  worst update   {max(updates):7.1f} ms")
    print(f"  of which: simulate {statistics.median(simulate):.1f} ms, "
          f"render {statistics.median(render):.1f} ms (medians); "
          f"image {len(explorer.image.value) / 1024:.0f} kB")
    ok = median < TARGET_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
