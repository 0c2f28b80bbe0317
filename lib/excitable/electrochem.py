"""Electrochemistry of the membrane: equilibrium and reversal potentials, GHK.

Conventions: membrane potential V = V_in - V_out (mV); concentrations in mM;
temperature in °C (converted to K inside the formulas); outward current
positive. Permeabilities may be in any consistent unit for the GHK voltage
equation (only their ratios matter); the GHK current takes them in cm/s.
"""

from __future__ import annotations

import numpy as np
from scipy.special import exprel

from . import _validate
from .constants import FARADAY, GAS_CONSTANT, IonSet, kelvin


def nernst(c_out, c_in, z, celsius=37.0):
    """Equilibrium (Nernst) potential E = (RT / zF) ln(c_out / c_in), in mV.

    ``c_out`` and ``c_in`` are the concentrations (mM) outside and inside,
    ``z`` the valence (non-zero integer), ``celsius`` the temperature (°C).
    """
    c_out = _validate.positive("c_out", c_out, "mM")
    c_in = _validate.positive("c_in", c_in, "mM")
    z = _validate.nonzero_integer("z", z)
    temperature = kelvin(celsius)
    return 1e3 * GAS_CONSTANT * temperature / (z * FARADAY) * np.log(np.asarray(c_out) / c_in)


def driving_force(v, e_rev):
    """Driving force V - E (mV) on an ion whose reversal potential is ``e_rev`` (mV).

    Positive driving force pushes current outward (for a cation, ions leave the cell).
    """
    v = _validate.finite("v", v, "mV")
    e_rev = _validate.finite("e_rev", e_rev, "mV")
    return np.asarray(v) - e_rev


def ghk_voltage(permeabilities: dict, ions: IonSet, celsius=None):
    """Goldman-Hodgkin-Katz resting potential (mV) of monovalent ions.

    ``permeabilities`` maps ion names of ``ions`` (e.g. ``{"K": 1, "Na": 0.05,
    "Cl": 0.45}``) to relative permeabilities; ``celsius`` defaults to the ion
    set's temperature. Cations enter with their outside concentration in the
    numerator, anions with their inside one; only |z| = 1 is allowed, since
    the GHK voltage equation has this closed form only for monovalent ions.
    """
    celsius = ions.celsius if celsius is None else celsius
    numerator = denominator = 0.0
    if not permeabilities:
        raise ValueError("permeabilities must name at least one ion")
    for name, permeability in permeabilities.items():
        ion = ions[name]
        permeability = _validate.non_negative(f"permeability of {name}", permeability)
        _validate.positive(f"[{name}]out", ion.c_out, "mM")
        _validate.positive(f"[{name}]in", ion.c_in, "mM")
        if abs(ion.valence) != 1:
            raise ValueError(f"ghk_voltage takes monovalent ions only; {name} has valence {ion.valence}")
        outside, inside = (ion.c_out, ion.c_in) if ion.valence > 0 else (ion.c_in, ion.c_out)
        numerator = numerator + permeability * outside
        denominator = denominator + permeability * inside
    if np.any(np.asarray(numerator) <= 0) or np.any(np.asarray(denominator) <= 0):
        raise ValueError("at least one permeability must be > 0")
    return 1e3 * GAS_CONSTANT * kelvin(celsius) / FARADAY * np.log(numerator / denominator)


def ghk_current(v, permeability, z, c_in, c_out, celsius=37.0):
    """GHK current density (µA/cm², outward positive) of one ion at membrane potential V (mV).

    I = P z² F² V/(RT) (c_in - c_out exp(-zFV/RT)) / (1 - exp(-zFV/RT)),
    with ``permeability`` in cm/s and concentrations in mM. The 0/0 at V = 0
    is removed exactly (the limit is P z F (c_in - c_out)).
    """
    v = _validate.finite("v", v, "mV")
    permeability = _validate.non_negative("permeability", permeability, "cm/s")
    z = _validate.nonzero_integer("z", z)
    c_in = _validate.positive("c_in", c_in, "mM")
    c_out = _validate.positive("c_out", c_out, "mM")
    u = z * np.asarray(v) * 1e-3 * FARADAY / (GAS_CONSTANT * kelvin(celsius))  # zFV/RT, dimensionless
    # u (c_in - c_out e^-u) / (1 - e^-u) = (c_in - c_out e^-u) / exprel(-u), in mM.
    concentration_mM = (c_in - c_out * np.exp(-u)) / exprel(-u)
    # cm/s x C/mol x mol/cm³ = A/cm²; 1 mM = 1e-6 mol/cm³ and 1 A = 1e6 µA cancel.
    return permeability * z * FARADAY * concentration_mM
