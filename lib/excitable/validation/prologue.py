"""Validated numbers of the prologue: the standard HH squid-axon membrane at 6.3 °C, dt = 0.025 ms."""

from __future__ import annotations

from .. import analysis, dynamics, hh, stimuli
from ..experiments import PULSE_START, spike_at_twice_threshold, threshold_pulse
from ._reference import LITERATURE, NEURON, Reference

TITLE = "The Hodgkin–Huxley spike (prologue)"
"""Heading of this group in the validation table."""

CONDITIONS = "HH squid axon, standard parameters, 6.3 °C, dt = 0.025 ms."
"""What every row of this group assumes."""

_NEURON_RUN = "NEURON 9.0.2, hh mechanism, exact rates, Crank-Nicolson, dt = 0.005 ms"

REFERENCES: dict[str, Reference] = {
    "rest_mV": Reference(
        "resting potential", -65.0, 0.01, "mV", "hodgkin1952quantitative", LITERATURE,
        "standard parameters, no applied current",
        "Hodgkin and Huxley measured V from rest (V = 0, depolarization negative). On the modern scale "
        "their leak reversal becomes E_L = -54.387 mV, printed to three decimals, so the computed rest "
        "sits 0.004 mV above -65 mV."),
    "spike_peak_mV": Reference(
        "spike peak", 39.933, 0.1, "mV", "carnevale2006neuron", NEURON,
        "1 ms pulse at twice its threshold", _NEURON_RUN),
    "ahp_min_mV": Reference(
        "undershoot minimum", -76.178, 0.05, "mV", "carnevale2006neuron", NEURON,
        "1 ms pulse at twice its threshold", _NEURON_RUN + "; the undershoot cannot pass E_K = -77 mV."),
    "threshold_depolarization_mV": Reference(
        "threshold, sudden depolarization", 6.5, 0.5, "mV", "hodgkin1952quantitative", LITERATURE,
        "voltage displaced at t = 0, gates at rest",
        "In their fig. 12 a sudden depolarization of 6 mV decays and one of 7 mV fires a spike, which "
        "brackets the threshold between 6 and 7 mV."),
    "threshold_1ms_uA_cm2": Reference(
        "threshold, 1 ms pulse", 6.919, 0.01, "µA/cm²", "carnevale2006neuron", NEURON,
        "pulse from rest; a spike is a crossing of 0 mV",
        _NEURON_RUN + ". NEURON's default backward Euler at dt = 0.025 ms gives 6.98, a first-order error."),
    "threshold_0p1ms_uA_cm2": Reference(
        "threshold, 0.1 ms pulse", 65.0, 5.0, "µA/cm²", "hodgkin1952quantitative", LITERATURE,
        "pulse from rest; a spike is a crossing of 0 mV",
        "A 0.1 ms pulse is brief enough to act as a sudden depolarization of Q/C_m, so fig. 12's 6-7 mV "
        "bracket corresponds to 60-70 µA/cm²."),
    "rheobase_uA_cm2": Reference(
        "rheobase (least step for one spike)", 2.2403, 0.005, "µA/cm²", "carnevale2006neuron", NEURON,
        "step from rest lasting 200 ms", _NEURON_RUN),
    "repetitive_onset_uA_cm2": Reference(
        "least step sustaining repetitive firing", 6.26, 0.02, "µA/cm²", "rinzel1980numerical", LITERATURE,
        "step from rest, firing to the end of 1 s",
        "Rinzel and Miller's I_nu, where a stable periodic orbit appears in a fold of limit cycles. "
        "Counting spikes in a short window gives about 6.2 instead: just below I_nu a step still evokes "
        "a long train that dies out only after hundreds of milliseconds."),
    "hopf_lower_uA_cm2": Reference(
        "rest loses stability (Hopf)", 9.78, 0.01, "µA/cm²", "rinzel1980numerical", LITERATURE,
        "eigenvalues of the 4x4 Jacobian at the fixed point", "A subcritical Hopf bifurcation."),
    "hopf_upper_uA_cm2": Reference(
        "rest regains stability (Hopf)", 154.5, 0.05, "µA/cm²", "rinzel1980numerical", LITERATURE,
        "eigenvalues of the 4x4 Jacobian at the fixed point", "A supercritical Hopf bifurcation."),
    "rate_at_10_uA_cm2_Hz": Reference(
        "firing rate at 10 µA/cm²", 68.32, 0.1, "Hz", "carnevale2006neuron", NEURON,
        "steady firing during a 500 ms step from rest", _NEURON_RUN),
    "rate_at_20_uA_cm2_Hz": Reference(
        "firing rate at 20 µA/cm²", 86.47, 0.1, "Hz", "carnevale2006neuron", NEURON,
        "steady firing during a 500 ms step from rest", _NEURON_RUN),
    "rate_at_50_uA_cm2_Hz": Reference(
        "firing rate at 50 µA/cm²", 117.04, 0.15, "Hz", "carnevale2006neuron", NEURON,
        "steady firing during a 500 ms step from rest", _NEURON_RUN),
}
"""Reference value of every validated quantity, keyed as in the JSON output."""


def compute() -> dict[str, float]:
    """The package's value of every validated quantity (units as in the key)."""
    spike = spike_at_twice_threshold()
    hopf_lower, hopf_upper = dynamics.hopf_currents()
    rates = analysis.fi_curve([10.0, 20.0, 50.0], duration=500.0).rates_hz
    rheobase_window = 200.0
    return {
        "rest_mV": hh.resting_potential(),
        "spike_peak_mV": float(spike.v.max()),
        "ahp_min_mV": float(spike.v[spike.t > PULSE_START].min()),
        "threshold_depolarization_mV": analysis.threshold_depolarization(),
        "threshold_1ms_uA_cm2": threshold_pulse(1.0),
        "threshold_0p1ms_uA_cm2": threshold_pulse(0.1),
        "rheobase_uA_cm2": analysis.threshold(stimuli.step(1.0, PULSE_START), rheobase_window, rel_tol=1e-5),
        "repetitive_onset_uA_cm2": analysis.repetitive_onset(),
        "hopf_lower_uA_cm2": float(hopf_lower),
        "hopf_upper_uA_cm2": float(hopf_upper),
        "rate_at_10_uA_cm2_Hz": float(rates[0]),
        "rate_at_20_uA_cm2_Hz": float(rates[1]),
        "rate_at_50_uA_cm2_Hz": float(rates[2]),
    }


