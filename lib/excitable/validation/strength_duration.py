"""Validated numbers of the strength-duration section (chapter 2): square pulses from rest, standard HH, 6.3 °C."""

from __future__ import annotations

from .. import strength_duration
from ._reference import NEURON, Reference

TITLE = "Strength and duration (threshold chapter)"
"""Heading of this group in the validation table."""

CONDITIONS = ("HH squid axon, standard parameters, 6.3 °C; square pulses from rest, each on a grid of at least 20 "
              "steps across the pulse (at most 0.025 ms), followed 40 ms after it ends; a spike crosses 0 mV.")
"""What every row of this group assumes."""

CHARGE_DURATION_MS = strength_duration.CHARGE_DURATION
"""Duration (ms) of the brief pulse whose threshold charge is validated (10 µs)."""

_NEURON_RUN = ("NEURON 9.0.2, hh mechanism, exact rates, Crank-Nicolson, each pulse on a grid of at least 40 steps "
               "across it (at most 0.005 ms)")

REFERENCES: dict[str, Reference] = {
    "chronaxie_ms": Reference(
        "chronaxie (pulse duration at twice the rheobase)", 1.6541, 0.003, "ms", "carnevale2006neuron", NEURON,
        "square pulse from rest at twice the rheobase of a 200 ms step",
        _NEURON_RUN + "; the least duration that fires, by bisection on its logarithm, against NEURON's own "
        "rheobase."),
    "charge_threshold_nC_cm2": Reference(
        "threshold charge of a 10 µs pulse", 6.5053, 0.003, "nC/cm²", "carnevale2006neuron,hodgkin1952quantitative",
        NEURON, "10 µs square pulse from rest; Q = threshold current x duration",
        _NEURON_RUN + ". On 1 µF/cm² this charge is a sudden depolarization of Q / C_m; Hodgkin and Huxley's fig. 12 "
        "brackets that between 6 mV (decays) and 7 mV (fires)."),
}
"""Reference value of every validated quantity, keyed as in the JSON output."""


def compute() -> dict[str, float]:
    """The package's value of every validated quantity (units as in the key)."""
    return {
        "chronaxie_ms": strength_duration.chronaxie(rel_tol=1e-5),
        "charge_threshold_nC_cm2": strength_duration.charge_threshold(CHARGE_DURATION_MS),
    }
