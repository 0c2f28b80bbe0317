"""Validated numbers of the spike's shape and its temperature dependence (gating chapter, sections 7-8).

The width of the standard spike and the temperature at which the membrane stops
firing are not printed in any source we could check, so both are compared with
NEURON's ``hh`` mechanism (``benchmarks/neuron_reference.py``), which
``tests/test_neuron_crosscheck.py`` recomputes.
"""

from __future__ import annotations

import functools

from .. import analysis, hh, stimuli
from ..experiments import PULSE_START, PULSE_WINDOW, spike_at_twice_threshold, threshold_pulse
from ._reference import NEURON, Reference

TITLE = "Spike shape and temperature (gating chapter)"
"""Heading of this group in the validation table."""

CONDITIONS = "HH squid axon, standard parameters, 1 ms pulses from rest; the spike is a crossing of 0 mV."
"""What every row of this group assumes."""

HEAT_BLOCK_MULTIPLE = 10.0
"""The heat-block test pulse is this multiple of the 1 ms threshold at 6.3 °C."""

HEAT_BLOCK_BRACKET = (6.3, 50.0)
"""Temperatures (°C) between which the heat block is searched (fires at the first, fails at the second)."""

T_STOP = PULSE_START + 1.0 + PULSE_WINDOW
"""Simulated time (ms) of every test: the 1 ms pulse and the prologue's window after it."""

_NEURON_RUN = "NEURON 9.0.2, hh mechanism, exact rates, Crank-Nicolson"

REFERENCES: dict[str, Reference] = {
    "spike_half_width_ms": Reference(
        "spike width at half amplitude", 1.4677, 0.005, "ms", "carnevale2006neuron", NEURON,
        "6.3 °C, 1 ms pulse at twice its threshold; amplitude from rest to peak",
        _NEURON_RUN + ", dt = 0.005 ms. The width is the time between the up and down crossings of the level "
        "halfway between rest (-64.996 mV) and the peak."),
    "heat_block_celsius": Reference(
        "heat block (lowest temperature without a spike)", 32.4167, 0.02, "°C", "carnevale2006neuron", NEURON,
        "1 ms pulse at 10 times its 6.3 °C threshold; rates scaled by 3^((T - 6.3)/10), conductances unchanged",
        _NEURON_RUN + ", dt = 0.005 ms / phi. No checked paper states this number for the space-clamped "
        "membrane; near it the response is graded, so the value depends on the 0 mV spike criterion."),
}
"""Reference value of every validated quantity of this group."""


def heat_block_pulse() -> stimuli.Step:
    """The heat-block test pulse: 1 ms at ``HEAT_BLOCK_MULTIPLE`` times the 6.3 °C threshold, from 5 ms."""
    return stimuli.pulse(HEAT_BLOCK_MULTIPLE * threshold_pulse(1.0), PULSE_START, 1.0)


@functools.cache
def heat_block_celsius(xtol: float = 1e-3) -> float:
    """Lowest temperature (°C) at which the heat-block test pulse evokes no crossing of 0 mV."""
    return analysis.heat_block(heat_block_pulse(), T_STOP, low=HEAT_BLOCK_BRACKET[0], high=HEAT_BLOCK_BRACKET[1],
                               xtol=xtol)


def compute() -> dict[str, float]:
    """The package's value of every validated quantity of this group (units as in the key)."""
    spike = spike_at_twice_threshold()
    return {
        "spike_half_width_ms": analysis.spike_half_width(spike, hh.resting_potential()),
        "heat_block_celsius": heat_block_celsius(),
    }
