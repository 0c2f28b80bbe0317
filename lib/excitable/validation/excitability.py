"""Validated numbers of excitability dynamics (refractoriness chapter, sections 4-6).

The complex eigenvalue pair of the Jacobian at rest is a closed form: the 4x4 matrix of partial
derivatives of the HH equations at the resting state, whose eigenvalues the unit tests recompute with
plain numpy from HH's published rate functions, without the package. The firing rate just above the
onset of sustained firing is compared with NEURON's ``hh`` mechanism run through the same protocol
(``benchmarks/neuron_reference.py``).
"""

from __future__ import annotations

from .. import analysis, dynamics
from ._reference import ANALYTIC, NEURON, Reference

TITLE = "Excitability dynamics (refractoriness chapter)"
"""Heading of this group in the validation table."""

CONDITIONS = "HH squid axon, standard parameters, 6.3 °C."
"""What every row of this group assumes."""

ONSET_CURRENT = 6.3
"""Step current (µA/cm²) just above the onset of sustained firing (6.26) at which the onset rate is measured."""

ONSET_DURATION = 1000.0
"""Length (ms) of that step; the rate is counted after the first ``ONSET_TRANSIENT`` ms."""

ONSET_TRANSIENT = 200.0
"""Time (ms) after the step onset before spikes are counted for the onset rate."""

_NEURON_RUN = "NEURON 9.0.2, hh mechanism, exact rates, Crank-Nicolson, dt = 0.005 ms"

_JACOBIAN = ("Eigenvalues of the 4x4 Jacobian of the HH equations at the resting state (-64.996 mV, gates at "
             "their steady states), with the rates' slopes from HH's published rate functions. "
             "tests/test_validation_excitability.py recomputes them with plain numpy, without the package "
             "(analytic derivatives of the rates).")

REFERENCES: dict[str, Reference] = {
    "rest_eigenvalue_real_per_ms": Reference(
        "real part of the complex eigenvalue pair at rest", -0.20264, 0.0001, "1/ms", "hodgkin1952quantitative",
        ANALYTIC, "Jacobian of the four HH equations at rest, no applied current", _JACOBIAN),
    "rest_ringing_Hz": Reference(
        "ringing frequency at rest (imaginary part / 2 pi)", 60.992, 0.01, "Hz", "hodgkin1952quantitative",
        ANALYTIC, "Jacobian of the four HH equations at rest, no applied current", _JACOBIAN),
    "onset_frequency_Hz": Reference(
        "firing rate just above the onset of sustained firing", 52.369, 0.05, "Hz", "carnevale2006neuron", NEURON,
        "step of 6.3 µA/cm² from rest lasting 1 s (dt = 0.01 ms), spikes counted after 200 ms",
        _NEURON_RUN + ". Sustained firing starts at 6.26 µA/cm² (the fold of limit cycles) at a rate near "
        "50 Hz, not from zero: the HH membrane is of Hodgkin's (1948) class 2. The stable limit cycle at 6.3 "
        "µA/cm² found by shooting (dynamics.limit_cycle) has 52.371 Hz; Hendrick (2026) gives 50.3 Hz at the "
        "fold itself."),
}
"""Reference value of every validated quantity of this group."""


def onset_rate() -> float:
    """Steady firing rate (Hz) during the onset step: ``ONSET_CURRENT`` from rest for ``ONSET_DURATION`` ms."""
    curve = analysis.fi_curve([ONSET_CURRENT], duration=ONSET_DURATION, dt=0.01, transient=ONSET_TRANSIENT)
    return float(curve.rates_hz[0])


def compute() -> dict[str, float]:
    """The package's value of every validated quantity of this group (units as in the key)."""
    real, frequency = dynamics.ringing(0.0)
    return {
        "rest_eigenvalue_real_per_ms": real,
        "rest_ringing_Hz": frequency,
        "onset_frequency_Hz": onset_rate(),
    }
