"""Update time of the spike dissector and the temperature explorer (gating chapter, sections 7-9).

Run from the repository root::

    .venv/bin/python benchmarks/explorer_speed_dissect.py

Moves every control through its range, as a reader dragging a slider would, and
prints the median and largest wall-clock and CPU time of one update (simulation,
redraw of the changing artists and PNG encoding). The target is < 100 ms.
"""

from __future__ import annotations

import os
import time

import numpy as np

from excitable.explorers import dissect, temperature
from excitable.explorers.dissect import SpikeDissector
from excitable.explorers.temperature import TemperatureExplorer


def time_moves(explorer, name, values):
    """(median wall, max wall, median CPU, max CPU) in ms of setting control ``name`` to each value."""
    wall, cpu = [], []
    for value in values:
        w0, c0 = time.perf_counter(), time.process_time()
        explorer.set(**{name: value})
        wall.append(1e3 * (time.perf_counter() - w0))
        cpu.append(1e3 * (time.process_time() - c0))
    return np.median(wall), np.max(wall), np.median(cpu), np.max(cpu)


def main():
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; times in ms "
          "(median wall, max wall, median CPU, max CPU)")
    d = SpikeDissector()
    sweeps = {"cursor": np.linspace(0.5, d.t_stop - 0.5, 15), "amplitude": np.linspace(*dissect.AMPLITUDE_RANGE, 12),
              "celsius": np.linspace(*dissect.TEMPERATURE_RANGE, 12), "ttx_nM": np.linspace(*dissect.TTX_RANGE, 12),
              "tea_mM": np.linspace(*dissect.TEA_RANGE, 12), "pronase": [True, False] * 4}
    for name, values in sweeps.items():
        start = d.values[name]
        print(f"SpikeDissector {name:10s}", " ".join(f"{x:6.1f}" for x in time_moves(d, name, list(values))))
        d.set(**{name: start})
    t = TemperatureExplorer()
    temps = list(np.linspace(*temperature.TEMPERATURE_RANGE, 15))
    print("TemperatureExplorer first visit", " ".join(f"{x:6.1f}" for x in time_moves(t, "celsius", temps)))
    print("TemperatureExplorer revisit    ", " ".join(f"{x:6.1f}" for x in time_moves(t, "celsius", temps)))


if __name__ == "__main__":
    main()
