"""Validated numbers of propagation (chapter 5): the squid axon's velocity and length constant, myelin.

The HH axon's velocity at 18.5 °C is the number Hodgkin & Huxley (1952) computed; at 6.3 °C, and for the
myelinated fibre of Moore et al. (1978), no checked paper prints the number for exactly these settings,
so NEURON with the same discretization (``benchmarks/neuron_reference.py``) is the reference, which
``tests/test_neuron_crosscheck.py`` recomputes. The length constant and the diameter exponent are closed
forms of cable theory. Every velocity is converged: halving dx or dt changes it by less than 0.05 %
(``benchmarks/cable_convergence.py``; the block factor moves by 0.3 % on refining Moore's discretization).
"""

from __future__ import annotations

import functools

import numpy as np

from .. import cable
from ..hh import HHParams
from ._reference import ANALYTIC, LITERATURE, NEURON, Reference

TITLE = "Propagation (propagation chapter)"
"""Heading of this group in the validation table."""

CONDITIONS = ("Compartmental cables with sealed ends (Crank-Nicolson, gates staggered half a step); a spike arrives "
              "where V crosses -15 mV upwards.")
"""What every row of this group assumes."""

SQUID_DIAMETER_UM = 476.0
SQUID_R_I = 35.4
"""The squid axon of Hodgkin & Huxley (1952), section 'propagated action potential': 476 µm, 35.4 Ω·cm."""

SQUID_LENGTH_UM = 60_000.0
SQUID_COMPARTMENTS = 1200
"""60 mm in compartments of 50 µm: velocity converged in dx (halving dx changes it by < 0.01 %)."""

SQUID_DT_MS = {18.5: 0.0025, 6.3: 0.005}
"""Time step (ms) per temperature: velocity converged in dt (halving changes it by < 0.03 %)."""

SQUID_T_STOP_MS = {18.5: 8.0, 6.3: 12.0}
"""Long enough for the spike to reach the far end at each temperature."""

SQUID_STIMULUS = cable.Stimulus(0, 20_000.0, 0.5, 0.5)
"""20 µA for 0.5 ms into the first compartment: well above threshold."""

DIAMETERS_UM = (100.0, 200.0, 500.0, 1000.0)
"""Diameters of the velocity scaling row (µm)."""

MYELIN_DT_MS = 0.005
MYELIN_T_STOP_MS = 5.0
MYELIN_STIMULUS = cable.Stimulus(0, 10.0, 0.0, 0.1)
"""Moore et al. (1978) as ModelDB 9851 runs it: dt 0.005 ms, 10 nA for 0.1 ms into node 0 at t = 0."""

BLOCK_NODE = 18
"""The block row asks whether the spike still reaches this node."""

_NEURON_CABLE = ("NEURON 9.0.2, hh and pas mechanisms, exact rates, Crank-Nicolson (secondorder = 2), the same "
                 "compartments and step")

REFERENCES: dict[str, Reference] = {
    "cv_squid_18p5C_m_s": Reference(
        "conduction velocity of the HH squid axon, 18.5 °C", 18.8, 0.2, "m/s", "hodgkin1952quantitative",
        LITERATURE, "476 µm, axoplasm 35.4 Ω·cm, 50 µm compartments, dt 0.0025 ms; regression over the middle 30 mm",
        "Hodgkin & Huxley computed 18.8 m/s (and measured 21.2 m/s) for this axon by solving the travelling-wave "
        "equation; NEURON with the same compartments and step gives the package's value to 1e-7 "
        "(tests/test_neuron_crosscheck.py)."),
    "cv_squid_6p3C_m_s": Reference(
        "conduction velocity of the HH squid axon, 6.3 °C", 12.3082, 0.005, "m/s", "carnevale2006neuron", NEURON,
        "as at 18.5 °C, dt 0.005 ms",
        _NEURON_CABLE + "."),
    "length_constant_squid_mm": Reference(
        "DC length constant of the squid axon at rest", 5.36730, 0.01, "mm",
        "hodgkin1952quantitative,cole1939membrane", ANALYTIC,
        "476 µm, axoplasm 35.4 Ω·cm; 0.1 nA steady into one end of a 60 mm axon (0.5 mm compartments)",
        "lambda = sqrt(d / (4 R_i g)), g = dI_ss/dV at -65 mV = 1.16690 mS/cm², the slope of the HH steady-state "
        "current (the gates follow a steady current), evaluated in tests/test_validation.py without the package."),
    "cv_diameter_exponent": Reference(
        "exponent of velocity against diameter (unmyelinated)", 0.5, 0.005, "", "hodgkin1952quantitative", ANALYTIC,
        "HH axons of 100, 200, 500 and 1000 µm at 18.5 °C, axoplasm 35.4 Ω·cm, 50 µm compartments; slope of log v on "
        "log d, dt 0.005 ms",
        "The cable equation is unchanged when x is measured in units of sqrt(d), so v is proportional to sqrt(d)."),
    "cv_myelinated_m_s": Reference(
        "velocity of the myelinated fibre of Moore et al. (1978), nodes 10 to 11", 22.6356, 0.005, "m/s",
        "moore1978simulations", NEURON,
        "21 nodes (10 µm wide, 3.183 µm long, HH at ten times the squid densities), internodes 2000 µm in 10 "
        "compartments, "
        "18.5 °C, dt 0.005 ms; -15 mV crossings",
        _NEURON_CABLE + ", built as ModelDB 9851 (which has 20 nodes; the velocity between nodes 10 and 11 "
        "is the same). Converged (40 compartments per internode, dt 0.00125 ms): 22.638 m/s."),
    "myelin_block_factor_uniform": Reference(
        "myelin factor k (all internodes) that blocks conduction to node 18", 11.377, 0.02, "",
        "moore1978simulations", NEURON,
        "the fibre above with every internode's capacitance and conductance multiplied by k; block = no -15 mV "
        "crossing at node 18 "
        "within 10 ms; bisection to 0.01",
        _NEURON_CABLE + ". At Moore's discretization; with internodes in 20 compartments and dt 0.0025 ms the "
        "package gives 11.34."),
}
"""Reference value of every validated quantity of this group."""


def squid_axon(celsius: float = 18.5, diameter: float = SQUID_DIAMETER_UM) -> cable.Axon:
    """The validation's HH axon: 60 mm in 1200 compartments, R_i 35.4 Ω·cm, at ``celsius`` (°C)."""
    return cable.uniform_axon(diameter, SQUID_LENGTH_UM, SQUID_COMPARTMENTS, SQUID_R_I,
                              membrane=HHParams(celsius=celsius))


def squid_velocity(celsius: float = 18.5) -> float:
    """Conduction velocity (m/s) of :func:`squid_axon` at ``celsius`` (18.5 or 6.3 °C)."""
    result = cable.simulate(squid_axon(celsius), SQUID_T_STOP_MS[celsius], SQUID_DT_MS[celsius], [SQUID_STIMULUS])
    return cable.conduction_velocity(result)


def diameter_exponent() -> float:
    """Slope of log velocity against log diameter over :data:`DIAMETERS_UM` (one batch)."""
    axons = [squid_axon(18.5, d) for d in DIAMETERS_UM]
    result = cable.simulate(axons, 12.0, 0.005, [SQUID_STIMULUS], record_every=1)
    velocities = cable.conduction_velocity(result)
    return float(np.polyfit(np.log(DIAMETERS_UM), np.log(velocities), 1)[0])


def squid_length_constant() -> float:
    """DC length constant (mm) of the squid axon at 18.5 °C, measured with a steady 0.1 nA at one end."""
    axon = cable.uniform_axon(SQUID_DIAMETER_UM, SQUID_LENGTH_UM, 120, SQUID_R_I, membrane=HHParams(celsius=18.5))
    return cable.measured_length_constant(axon, amplitude=0.1, t_stop=200.0, dt=0.1)


def myelinated_velocity() -> float:
    """Velocity (m/s) of Moore et al.'s fibre between nodes 10 and 11."""
    axon = cable.myelinated_axon()
    result = cable.simulate(axon, MYELIN_T_STOP_MS, MYELIN_DT_MS, [MYELIN_STIMULUS], record=axon.nodes)
    return cable.velocity_between(result, int(axon.nodes[10]), int(axon.nodes[11]))


@functools.cache
def compute() -> dict[str, float]:
    """The package's value of every validated quantity of this group (units as in the key)."""
    return {
        "cv_squid_18p5C_m_s": squid_velocity(18.5),
        "cv_squid_6p3C_m_s": squid_velocity(6.3),
        "length_constant_squid_mm": squid_length_constant(),
        "cv_diameter_exponent": diameter_exponent(),
        "cv_myelinated_m_s": myelinated_velocity(),
        "myelin_block_factor_uniform": cable.myelin_block_factor(BLOCK_NODE, stimulus=MYELIN_STIMULUS,
                                                                 dt=MYELIN_DT_MS, xtol=0.01),
    }
