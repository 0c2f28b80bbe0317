"""Validated numbers of refractoriness and anode break (refractoriness chapter, sections 1 and 3).

The paired-pulse protocol (:mod:`excitable.refractory`) at 6.3 °C: conditioning and test pulses of 1 ms
from rest, the conditioning one at twice the 1 ms threshold T1, the interval from onset to onset, and a
new spike is a new upward crossing of 0 mV after the test onset. No checked paper prints these values
for the standard membrane on the modern scale, so each is compared with the same protocol run in NEURON's
``hh`` mechanism (``benchmarks/neuron_reference.py``), which ``tests/test_neuron_crosscheck.py`` recomputes.
"""

from __future__ import annotations

import functools

from .. import accommodation, refractory
from ._reference import NEURON, Reference

TITLE = "Refractoriness and anode break (refractoriness chapter)"
"""Heading of this group in the validation table."""

CONDITIONS = ("HH squid axon, 6.3 °C; 1 ms conditioning pulse at 2 T1 and 1 ms test pulse from rest, interval "
              "onset to onset; a spike is a new crossing of 0 mV after the test onset.")
"""What every row of this group assumes."""

ARP_CAP = 50.0
"""Cap on test strength (multiple of T1) of the absolute refractory period in the table."""

RELATIVE_INTERVAL = 10.0
"""Interval (ms) at which the relative refractory threshold is tabulated."""

SUPERNORMAL_WINDOW = (15.0, 30.0)
"""Intervals (ms) over which the lowest test threshold is sought."""

ANODE_BREAK_DURATION = 20.0
"""Duration (ms) of the hyperpolarizing step of the anode-break row."""

VALIDATION_DT = 0.01
"""Step (ms) of the package's runs for this table: the intervals of the protocol sit on its grid."""

_NEURON_RUN = "NEURON 9.0.2, hh mechanism, exact rates, Crank-Nicolson, dt = 0.005 ms"

REFERENCES: dict[str, Reference] = {
    "arp_cap50_ms": Reference(
        "absolute refractory period, tests capped at 50 T1", 5.132, 0.03, "ms", "carnevale2006neuron",
        NEURON, "shortest interval after which a 1 ms test of at most 50 T1 fires at every longer interval",
        _NEURON_RUN + "; intervals scanned every 0.5 ms from 1 to 30 ms, the last failure refined by "
        "bisection. It shortens as the cap rises."),
    "relative_threshold_10ms": Reference(
        "test threshold 10 ms after a spike, in units of T1", 3.7588, 0.01, "", "carnevale2006neuron", NEURON,
        "interval 10 ms", _NEURON_RUN + "; bisection to 1e-5 relative."),
    "supernormal_min_ratio": Reference(
        "lowest test threshold 15-30 ms after a spike, in units of T1", 0.8391, 0.003, "",
        "carnevale2006neuron", NEURON, "intervals 15 to 30 ms",
        _NEURON_RUN + "; a 1 ms scan, then a bounded minimization over the interval. Below 1: the membrane is "
        "supernormal, more excitable than at rest."),
    "anode_break_threshold_uA_cm2": Reference(
        "anode-break threshold of a 20 ms hyperpolarizing step", 2.7917, 0.01, "µA/cm²",
        "carnevale2006neuron,hodgkin1952quantitative", NEURON,
        "step of -I from rest for 20 ms; a spike after its release",
        _NEURON_RUN + "; bisection to 1e-6 relative. Hodgkin and Huxley (1952) computed anode-break "
        "excitation with their model; they print no threshold for this protocol."),
}
"""Reference value of every validated quantity of this group."""


@functools.cache
def _values() -> dict[str, float]:
    dt = VALIDATION_DT
    relative = refractory.recovery_thresholds([RELATIVE_INTERVAL], dt=dt, rel_tol=1e-6)
    _, lowest = refractory.supernormal_minimum(SUPERNORMAL_WINDOW, dt=dt, step=0.1)
    return {
        "arp_cap50_ms": refractory.absolute_refractory_period(ARP_CAP, dt=dt),
        "relative_threshold_10ms": float(relative.ratio[0]),
        "supernormal_min_ratio": lowest,
        "anode_break_threshold_uA_cm2": float(accommodation.anode_break_thresholds([ANODE_BREAK_DURATION], dt=dt,
                                                                                 rel_tol=1e-6)[0]),
    }


def compute() -> dict[str, float]:
    """The package's value of every validated quantity of this group (units as in the key)."""
    return dict(_values())
