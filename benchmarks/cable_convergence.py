"""Convergence of the HH axon's conduction velocity in dx and dt (propagation chapter, issue 14).

    .venv/bin/python benchmarks/cable_convergence.py [--json]

The axon and protocol of ``excitable.validation.propagation`` (476 µm, R_i 35.4 Ω·cm, 60 mm, sealed ends,
20 µA for 0.5 ms into one end, velocity by regression of the -15 mV crossing time on position over the
middle 30 mm) at 18.5 °C, for compartments of 200 to 25 µm and steps of 0.02 to 0.0025 ms. Hodgkin &
Huxley (1952) computed 18.8 m/s. The table shows both errors shrinking fourfold per halving (second order).
"""

from __future__ import annotations

import argparse
import json

from excitable import cable
from excitable.hh import HHParams
from excitable.validation import propagation

DX_UM = (200.0, 100.0, 50.0, 25.0)
DT_MS = (0.02, 0.01, 0.005, 0.0025)


def velocity(dx: float, dt: float, celsius: float = 18.5) -> float:
    n = int(round(propagation.SQUID_LENGTH_UM / dx))
    axon = cable.uniform_axon(propagation.SQUID_DIAMETER_UM, propagation.SQUID_LENGTH_UM, n, propagation.SQUID_R_I,
                              membrane=HHParams(celsius=celsius))
    result = cable.simulate(axon, propagation.SQUID_T_STOP_MS[celsius], dt, [propagation.SQUID_STIMULUS],
                            record_every=1)
    return cable.conduction_velocity(result)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    table = {dx: {dt: velocity(dx, dt) for dt in DT_MS} for dx in DX_UM}
    if args.json:
        print(json.dumps({str(dx): {str(dt): v for dt, v in row.items()} for dx, row in table.items()}, indent=2))
        return
    print("conduction velocity (m/s) of the HH squid axon at 18.5 °C; rows dx (µm), columns dt (ms)")
    print(f"{'dx / dt':>10}" + "".join(f"{dt:>10g}" for dt in DT_MS))
    for dx, row in table.items():
        print(f"{dx:>10g}" + "".join(f"{v:>10.4f}" for v in row.values()))
    finest = table[DX_UM[-1]][DT_MS[-1]]
    print(f"\nRichardson (second order) from the two finest entries in dt at dx {DX_UM[-1]:g} µm: "
          f"{finest + (finest - table[DX_UM[-1]][DT_MS[-2]]) / 3:.4f} m/s; "
          f"in dx at dt {DT_MS[-1]:g} ms: {finest + (finest - table[DX_UM[-2]][DT_MS[-1]]) / 3:.4f} m/s")


if __name__ == "__main__":
    main()
