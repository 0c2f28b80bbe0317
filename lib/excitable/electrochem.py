"""Electrochemistry of the membrane: energies, activities, equilibrium and reversal potentials, GHK.

Conventions: membrane potential V = V_in - V_out (mV); concentrations and
ionic strengths in mM (which is the same as mol/m³); temperature in °C
(converted to K inside the formulas); molar energies in kJ/mol; outward
current positive. Permeabilities may be in any consistent unit for the GHK
voltage equation (only their ratios matter); the GHK current takes them in
cm/s.

Activity coefficients use the Debye-Hückel theory with the permittivity of
water from :func:`~excitable.constants.water_permittivity` (valid 0-100 °C),
so every function that needs one accepts only temperatures in that range.
"""


from __future__ import annotations

import numpy as np
from scipy.special import exprel

from . import _checks
from .constants import (
    AVOGADRO,
    BOLTZMANN,
    ELEMENTARY_CHARGE,
    FARADAY,
    GAS_CONSTANT,
    MAMMALIAN,
    VACUUM_PERMITTIVITY,
    Ion,
    IonSet,
    kelvin,
    thermal_voltage,
    water_permittivity,
)

__all__ = ["ACTIVITY_LAWS", "DAVIES_CONSTANT", "DAVIES_MAX_STRENGTH", "STANDARD_CONCENTRATION", "activity_coefficient",
           "activity_nernst",
           "barrier_difference", "charging_fraction", "debye_huckel_a", "debye_huckel_b", "debye_length",
           "driving_force", "electrical_energy", "electrochemical_potential", "electrochemical_potential_difference",
           "ghk_chord_conductance", "ghk_current", "ghk_slope_conductance", "ghk_voltage", "ionic_strength",
           "iv_curves",
           "linearization_error", "membrane_charge", "nernst", "ohmic_current", "permeability_ratio",
           "resting_state", "resting_with_ratio", "rt_energy", "screened_potential", "thermal_voltage",
           "water_permittivity"]

RESTING_IONS = ("K", "Na", "Cl")
"""The ions of :func:`resting_state`, in its order."""

STANDARD_CONCENTRATION = 1000.0
"""Standard-state concentration (mM) of the chemical potential: 1 mol/L."""

DAVIES_CONSTANT = 0.3
"""The linear coefficient of the Davies equation (Davies 1962, p. 41; 0.2 in the 1938 original)."""

MAX_IONIC_STRENGTH = 1e5
"""Largest ionic strength (mM) :func:`activity_coefficient` takes; every law is far outside its range there."""

ACTIVITY_LAWS = ("limiting", "extended", "davies")
"""The Debye-Hückel laws :func:`activity_coefficient` offers."""

DAVIES_MAX_STRENGTH = 500.0
"""Ionic strength (mM) up to which the Davies equation holds to a few per cent (about 0.5 mol/L)."""


def nernst(c_out, c_in, z, celsius=37.0):
    """Equilibrium (Nernst) potential E = (RT / zF) ln(c_out / c_in), in mV.

    ``c_out`` and ``c_in`` are the concentrations (mM) outside and inside,
    ``z`` the valence (non-zero integer), ``celsius`` the temperature (°C).
    """
    c_out = _checks.positive("c_out", c_out, "mM")
    c_in = _checks.positive("c_in", c_in, "mM")
    z = _checks.nonzero_integer("z", z)
    temperature = kelvin(celsius)
    return 1e3 * GAS_CONSTANT * temperature / (z * FARADAY) * np.log(np.asarray(c_out) / c_in)


def driving_force(v, e_rev):
    """Driving force V - E (mV) on an ion whose reversal potential is ``e_rev`` (mV).

    Positive driving force pushes current outward (for a cation, ions leave the cell).
    """
    v = _checks.finite("v", v, "mV")
    e_rev = _checks.finite("e_rev", e_rev, "mV")
    return np.asarray(v) - e_rev


def ghk_voltage(permeabilities: dict, ions: IonSet, celsius=None):
    """Goldman-Hodgkin-Katz resting potential (mV) of monovalent ions.

    ``permeabilities`` maps ion names of ``ions`` (e.g. ``{"K": 1, "Na": 0.05,
    "Cl": 0.45}``) to relative permeabilities; ``celsius`` defaults to the ion
    set's temperature. Cations enter with their outside concentration in the
    numerator, anions with their inside one; only |z| = 1 is allowed, since
    the GHK voltage equation has this closed form only for monovalent ions.
    """
    _checks.instance("ions", ions, IonSet)
    if not isinstance(permeabilities, dict):
        raise TypeError(f"permeabilities must be a dict of ion name -> relative permeability, got {permeabilities!r}")
    celsius = ions.celsius if celsius is None else celsius
    numerator = denominator = 0.0
    if not permeabilities:
        raise ValueError("permeabilities must name at least one ion")
    for name, permeability in permeabilities.items():
        if name not in {ion.name for ion in ions.ions}:
            raise ValueError(f"permeabilities names {name!r}, which is not an ion of ions ({ions.name})")
        ion = ions[name]
        permeability = _checks.non_negative(f"permeabilities: permeability of {name}", permeability)
        _checks.positive(f"[{name}]out", ion.c_out, "mM")
        _checks.positive(f"[{name}]in", ion.c_in, "mM")
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
    v = _checks.finite("v", v, "mV")
    permeability = _checks.non_negative("permeability", permeability, "cm/s")
    z = _checks.nonzero_integer("z", z)
    c_in = _checks.positive("c_in", c_in, "mM")
    c_out = _checks.positive("c_out", c_out, "mM")
    u = z * np.asarray(v) * 1e-3 * FARADAY / (GAS_CONSTANT * kelvin(celsius))  # zFV/RT, dimensionless
    # u (c_in - c_out e^-u) / (1 - e^-u) = (c_in - c_out e^-u) / exprel(-u) for u >= 0, and, multiplied
    # through by e^u, (c_in e^u - c_out) / exprel(u) for u < 0: only e^-|u| is evaluated, so the current
    # stays finite (linear in V) at any finite voltage. In mM.
    decay = np.exp(-np.abs(u))
    concentration_mM = np.where(u >= 0, c_in - c_out * decay, c_in * decay - c_out) / exprel(-np.abs(u))
    # cm/s x C/mol x mol/cm³ = A/cm²; 1 mM = 1e-6 mol/cm³ and 1 A = 1e6 µA cancel.
    return permeability * z * FARADAY * concentration_mM


# -- energy scales -----------------------------------------------------------------------------------------------

def rt_energy(celsius=37.0):
    """Thermal energy per mole RT (kJ/mol) at a temperature in °C (2.579 kJ/mol at 37 °C = 310.15 K)."""
    return 1e-3 * GAS_CONSTANT * kelvin(celsius)


def electrical_energy(v, z):
    """Electrical work zFV (kJ/mol) to carry one mole of ions of valence ``z`` across ``v`` mV.

    Negative when the field helps: a cation (z > 0) entering a cell at V < 0.
    """
    v = _checks.finite("v", v, "mV")
    z = _checks.nonzero_integer("z", z)
    return 1e-6 * z * FARADAY * np.asarray(v)


def _electrical_energy(potential, z):
    return electrical_energy(_checks.finite("potential", potential, "mV"), z)


def electrochemical_potential(concentration, z, potential=0.0, celsius=37.0, mu0=0.0, activity_coefficient=1.0):
    """Molar electrochemical potential μ = μ0 + RT ln a + zFφ, in kJ/mol.

    ``concentration`` in mM, ``z`` the valence, ``potential`` the electric potential φ
    (mV) of the compartment, ``mu0`` the standard chemical potential (kJ/mol)
    and ``activity_coefficient`` γ, so that the activity is
    a = γ c / (1 mol/L) (:data:`STANDARD_CONCENTRATION`).
    """
    concentration = _checks.positive("concentration", concentration, "mM")
    gamma = _checks.positive("activity_coefficient", activity_coefficient)
    mu0 = _checks.finite("mu0", mu0, "kJ/mol")
    activity = gamma * np.asarray(concentration) / STANDARD_CONCENTRATION
    return mu0 + rt_energy(celsius) * np.log(activity) + _electrical_energy(potential, z)


def electrochemical_potential_difference(c_in, c_out, z, v, celsius=37.0):
    """Δμ = μ_in - μ_out = RT ln(c_in/c_out) + zFV (kJ/mol) of an ion across the membrane.

    Positive Δμ means the ion tends to leave the cell; Δμ = zF(V - E) with E
    the Nernst potential, and Δμ = 0 exactly at V = E. Concentrations in mM,
    ``v`` in mV.
    """
    c_in = _checks.positive("c_in", c_in, "mM")
    c_out = _checks.positive("c_out", c_out, "mM")
    return rt_energy(celsius) * np.log(np.asarray(c_in) / c_out) + electrical_energy(v, z)


# -- activities --------------------------------------------------------------------------------------------------

def ionic_strength(concentrations, valences):
    """Ionic strength I = ½ Σ c_i z_i² in mM (the unit of ``concentrations``).

    ``concentrations`` (mM, non-negative) and ``valences`` are sequences of
    equal length over the ion species; a 2-D ``concentrations`` array
    (n_species, n_solutions) gives one ionic strength per solution.
    """
    concentrations = np.asarray(_checks.non_negative("concentrations", concentrations, "mM"), dtype=float)
    valences = np.asarray(_checks.finite("valences", valences), dtype=float)
    if valences.ndim != 1 or concentrations.shape[:1] != valences.shape:
        raise ValueError(f"valences must be a 1-D sequence with one entry per concentration, got "
                         f"{valences.shape} valences for concentrations of shape {concentrations.shape}")
    weights = valences.reshape((-1,) + (1,) * (concentrations.ndim - 1)) ** 2
    return 0.5 * np.sum(weights * concentrations, axis=0)


def _solvent_temperature(celsius):
    """Temperature (K) and relative permittivity of water, checking 0-100 °C."""
    permittivity = water_permittivity(celsius)
    return kelvin(celsius), permittivity


def debye_length(ionic_strength, celsius=37.0):
    """Debye screening length λ_D = sqrt(ε_r ε0 k T / (2 N_A e² I)) in nm.

    ``ionic_strength`` in mM (= mol/m³), > 0; water's permittivity at
    ``celsius`` (0-100 °C). About 0.78 nm in 150 mM salt at 37 °C.
    """
    strength = _checks.positive("ionic_strength", ionic_strength, "mM")
    temperature, permittivity = _solvent_temperature(celsius)
    kappa_squared = 2.0 * AVOGADRO * ELEMENTARY_CHARGE**2 * np.asarray(strength) / (
        permittivity * VACUUM_PERMITTIVITY * BOLTZMANN * temperature)  # 1/m²
    return 1e9 / np.sqrt(kappa_squared)


def debye_huckel_a(celsius=37.0):
    """Debye-Hückel constant A, in (mol/L)^-1/2, of log10 γ = -A z² √I (I in mol/L).

    From ln γ = -z² e² κ/(8π ε_r ε0 k T) with κ = sqrt(2 N_A e² · 1000 I/(ε_r ε0 k T)):
    A = e²/(8π ε_r ε0 k T) · sqrt(2000 N_A e²/(ε_r ε0 k T)) / ln 10, about 0.5116 at 25 °C
    (tabulated 0.5115 on the molar scale, 0.509 on the molal one) and 0.523 at 37 °C.
    """
    temperature, permittivity = _solvent_temperature(celsius)
    epsilon_kt = permittivity * VACUUM_PERMITTIVITY * BOLTZMANN * temperature
    bjerrum_half = ELEMENTARY_CHARGE**2 / (8.0 * np.pi * epsilon_kt)  # m
    kappa_per_root_molar = np.sqrt(2.0 * AVOGADRO * ELEMENTARY_CHARGE**2 * 1000.0 / epsilon_kt)  # 1/m per √(mol/L)
    return bjerrum_half * kappa_per_root_molar / np.log(10.0)


def debye_huckel_b(celsius=37.0):
    """Debye-Hückel constant B = κ/√I, in nm⁻¹ (mol/L)^-1/2 (about 3.29 at 25 °C)."""
    return 1.0 / (debye_length(1000.0, celsius))


def activity_coefficient(ionic_strength, z, law="davies", ion_size_nm=0.3, celsius=37.0,
                         davies_constant=DAVIES_CONSTANT):
    """Single-ion activity coefficient γ (dimensionless) from Debye-Hückel theory.

    ``ionic_strength`` in mM (≥ 0), ``z`` the valence, ``celsius`` 0-100 °C. ``law``:

    - ``"limiting"``: log10 γ = -A z² √I, exact as I -> 0;
    - ``"extended"``: log10 γ = -A z² √I / (1 + B a √I), with ``ion_size_nm`` = a, the
      distance of closest approach (Kielland 1937: about 0.3 nm for K+ and Cl-, 0.45 nm for Na+);
    - ``"davies"``: log10 γ = -A z² (√I/(1 + √I) - ``davies_constant`` I), the empirical
      extension to about 0.5 mol/L.

    I enters these formulas in mol/L; the conversion from mM is done here.
    """
    strength = _checks.in_range("ionic_strength", ionic_strength, 0.0, MAX_IONIC_STRENGTH, "mM")
    z = _checks.nonzero_integer("z", z)
    if abs(z) > 10:
        raise ValueError(f"z must be a valence between -10 and 10, got {z!r}")
    law = _checks.choice("law", law, ACTIVITY_LAWS)
    size = _checks.positive("ion_size_nm", ion_size_nm, "nm")
    davies_constant = _checks.in_range("davies_constant", davies_constant, 0.0, 1.0)
    root = np.sqrt(np.asarray(strength) / 1000.0)
    a = debye_huckel_a(celsius)
    if law == "limiting":
        log_gamma = -a * z**2 * root
    elif law == "extended":
        log_gamma = -a * z**2 * root / (1.0 + debye_huckel_b(celsius) * size * root)
    else:
        log_gamma = -a * z**2 * (root / (1.0 + root) - davies_constant * root**2)
    return 10.0**log_gamma


def activity_nernst(c_out, c_in, z, ionic_strength_out, ionic_strength_in, celsius=37.0, law="davies",
                    ion_size_nm=0.3):
    """Nernst potential (mV) from activities: E = (RT/zF) ln(γ_out c_out / (γ_in c_in)).

    Each side's activity coefficient comes from :func:`activity_coefficient`
    at that side's ionic strength (mM); equal ionic strengths give exactly
    :func:`nernst`.
    """
    _checks.in_range("ionic_strength_out", ionic_strength_out, 0.0, MAX_IONIC_STRENGTH, "mM")
    _checks.in_range("ionic_strength_in", ionic_strength_in, 0.0, MAX_IONIC_STRENGTH, "mM")
    z = _checks.nonzero_integer("z", z)
    if abs(z) > 10:
        raise ValueError(f"z must be a valence between -10 and 10, got {z!r}")
    _checks.positive("c_out", c_out, "mM")
    _checks.positive("c_in", c_in, "mM")
    gamma_out = activity_coefficient(ionic_strength_out, z, law, ion_size_nm, celsius)
    gamma_in = activity_coefficient(ionic_strength_in, z, law, ion_size_nm, celsius)
    return nernst(np.asarray(c_out) * gamma_out, np.asarray(c_in) * gamma_in, z, celsius)


# -- currents through one kind of channel ------------------------------------------------------------------------

def ohmic_current(v, conductance, e_rev):
    """Linear (ohmic) current g (V - E) in µA/cm², ``conductance`` in mS/cm², ``v`` and ``e_rev`` in mV."""
    conductance = _checks.non_negative("conductance", conductance, "mS/cm²")
    return conductance * driving_force(v, e_rev)


def ghk_slope_conductance(permeability, z, c_in, c_out, celsius=37.0):
    """Slope dI/dV (mS/cm²) of the GHK current at its reversal potential.

    g = P z² F²/(RT) · c_in c_out ln(c_out/c_in)/(c_out - c_in), which becomes
    P z² F² c/(RT) when c_in = c_out = c. ``permeability`` in cm/s,
    concentrations in mM. An ohmic current with this conductance and the
    Nernst potential is the straight line that touches the GHK curve at its
    zero crossing.
    """
    permeability = _checks.non_negative("permeability", permeability, "cm/s")
    z = _checks.nonzero_integer("z", z)
    c_in = _checks.positive("c_in", c_in, "mM")
    c_out = _checks.positive("c_out", c_out, "mM")
    # c_in c_out ln r / (c_out - c_in) = c_out / exprel(ln r), r = c_out / c_in: finite at r = 1.
    mean = np.asarray(c_out) / exprel(np.log(np.asarray(c_out) / c_in))
    # cm/s x C²/(J mol) x mM(1e-6 mol/cm³) = 1e-6 S/cm² = 1e-3 mS/cm².
    return 1e-3 * permeability * z**2 * FARADAY**2 / (GAS_CONSTANT * kelvin(celsius)) * mean


def ghk_chord_conductance(v, permeability, z, c_in, c_out, celsius=37.0):
    """Chord conductance I/(V - E) (mS/cm²) of one ion's GHK current at membrane potential V (mV).

    The conductance of the ohmic current that matches the constant-field current at ``v``:
    I_GHK(V) = g(V) (V - E), with E the ion's Nernst potential. It depends on V, because the GHK
    current is not ohmic; at V = E, where current and driving force both vanish, it is the slope
    conductance there (:func:`ghk_slope_conductance`). ``permeability`` in cm/s, concentrations in mM.
    Weighting each ion's E by these conductances gives back the GHK resting potential.
    """
    current = ghk_current(v, permeability, z, c_in, c_out, celsius)   # checks every argument
    force = np.asarray(v) - nernst(c_out, c_in, z, celsius)
    at_reversal = np.abs(force) < 1e-6                                # mV: 0/0, the limit is the slope
    chord = np.where(at_reversal, ghk_slope_conductance(permeability, z, c_in, c_out, celsius),
                     current / np.where(at_reversal, 1.0, force))
    return chord[()] if np.ndim(chord) == 0 else chord


# -- selectivity -------------------------------------------------------------------------------------------------

def permeability_ratio(delta_g, celsius=37.0):
    """Permeability ratio P_a/P_b = exp(ΔG/RT) from a barrier difference ΔG = G_b - G_a (kJ/mol).

    A barrier higher for ion b by 12 kJ/mol gives about 105 at 37 °C.
    """
    delta_g = _checks.finite("delta_g", delta_g, "kJ/mol")
    exponent = np.asarray(delta_g) / rt_energy(celsius)
    if np.any(np.abs(exponent) > 700.0):
        raise ValueError(f"delta_g must stay within ±700 RT ({700 * rt_energy(celsius):.0f} kJ/mol), got {delta_g!r}")
    return np.exp(exponent)


def barrier_difference(ratio, celsius=37.0):
    """The barrier difference ΔG = RT ln(ratio) (kJ/mol) that gives a permeability ratio (> 0)."""
    ratio = _checks.positive("ratio", ratio)
    return rt_energy(celsius) * np.log(ratio)


# -- charge and electroneutrality --------------------------------------------------------------------------------

def membrane_charge(v, c_m=1.0):
    """Charge per area Q = C_m V on each face of the membrane, in nC/cm² (``v`` mV, ``c_m`` µF/cm²)."""
    c_m = _checks.positive("c_m", c_m, "µF/cm²")
    return c_m * _checks.finite("v", v, "mV")  # µF/cm² x mV = nC/cm²


CELL_SHAPES = {"sphere": 6.0, "cylinder": 4.0}
"""Membrane area over volume, times the diameter, for each cell shape (4πr²/(4πr³/3) = 6/d; 2πrL/(πr²L) = 4/d)."""


def charging_fraction(v, diameter, c_m=1.0, total_concentration=300.0, shape="sphere"):
    """Fraction of a cell's ions that must be separated to charge its membrane to ``v`` (mV).

    A ``shape`` of "sphere" (a cell body) or "cylinder" (a long axon or neurite, ends
    neglected) of ``diameter`` µm, membrane capacitance ``c_m`` µF/cm², monovalent
    charge carriers, ``total_concentration`` (mM) of the ions counted:
    |Q| / (F c Vol) = k C_m |V| / (F c d) with k = 6 for a sphere, 4 for a cylinder.
    About 1.4e-5 for a 10 µm sphere at -70 mV with 1 µF/cm² and 300 mM.
    """
    if not isinstance(shape, str) or shape not in CELL_SHAPES:
        raise ValueError(f"shape must be one of {sorted(CELL_SHAPES)}, got {shape!r}")
    diameter = _checks.positive("diameter", diameter, "µm")
    total = _checks.positive("total_concentration", total_concentration, "mM")
    charge = 1e-5 * np.abs(membrane_charge(v, c_m))  # nC/cm² -> C/m²
    return CELL_SHAPES[shape] * charge / (FARADAY * np.asarray(total) * 1e-6 * np.asarray(diameter))  # mM = mol/m³


def screened_potential(distance, surface_potential, ionic_strength, celsius=37.0):
    """Potential (mV) at ``distance`` nm from a charged surface in saline: φ0 exp(-x/λ_D).

    The linearized Poisson-Boltzmann (Debye-Hückel) solution for a flat
    surface at ``surface_potential`` φ0 (mV) in a solution of
    ``ionic_strength`` mM; accurate while |φ0| is below about RT/F.
    """
    distance = _checks.non_negative("distance", distance, "nm")
    surface_potential = _checks.finite("surface_potential", surface_potential, "mV")
    return surface_potential * np.exp(-np.asarray(distance) / debye_length(ionic_strength, celsius))


def resting_state(concentrations: dict, permeabilities: dict, celsius: float, permeability_scale: float = 1e-6):
    """Nernst potentials (mV), the GHK potential (mV), driving forces (mV) and currents (µA/cm²) at rest.

    ``concentrations`` maps each of K, Na and Cl to (c_out, c_in) in mM; ``permeabilities`` maps them to
    relative permeabilities, a relative permeability of 1 being ``permeability_scale`` cm/s for the
    currents. Returns dicts keyed by ion: ``(nernst, v_rest, driving_force, current)``; at rest the
    currents sum to zero.
    """
    for label, table in (("concentrations", concentrations), ("permeabilities", permeabilities)):
        if not isinstance(table, dict) or set(table) != set(RESTING_IONS):
            raise ValueError(f"{label} must be a dict with keys {', '.join(RESTING_IONS)}, got {table!r:.80}")
    for name in RESTING_IONS:
        if np.shape(concentrations[name]) != (2,):
            raise ValueError(f"concentrations[{name!r}] must be (c_out, c_in) in mM, got {concentrations[name]!r}")
        _checks.positive(f"concentrations[{name!r}]", concentrations[name], "mM")
        _checks.non_negative(f"permeabilities[{name!r}]", _checks.finite_scalar(f"permeabilities[{name!r}]",
                                                                                permeabilities[name]))
    permeability_scale = _checks.positive("permeability_scale", _checks.finite_scalar(
        "permeability_scale", permeability_scale, "cm/s"), "cm/s")
    ions = IonSet("laboratory", _checks.finite_scalar("celsius", celsius, "°C"), tuple(
        Ion(name, MAMMALIAN[name].valence, *concentrations[name]) for name in RESTING_IONS))
    v_rest = float(ghk_voltage(permeabilities, ions))
    e = {ion.name: float(nernst(ion.c_out, ion.c_in, ion.valence, celsius)) for ion in ions.ions}
    force = {name: v_rest - e[name] for name in RESTING_IONS}
    current = {ion.name: float(ghk_current(v_rest, permeability_scale * permeabilities[ion.name], ion.valence,
                                           ion.c_in, ion.c_out, celsius)) for ion in ions.ions}
    return e, v_rest, force, current


def resting_with_ratio(p_na_over_p_k, celsius, p_cl_over_p_k: float = 0.45, ions: IonSet = MAMMALIAN):
    """GHK resting potential (mV) of ``ions`` (mammalian by default) for P_Na/P_K (array ok), P_Cl/P_K fixed."""
    p_na_over_p_k = _checks.non_negative("p_na_over_p_k", p_na_over_p_k)
    p_cl_over_p_k = _checks.non_negative("p_cl_over_p_k", _checks.finite_scalar("p_cl_over_p_k", p_cl_over_p_k))
    _checks.instance("ions", ions, IonSet)
    return ghk_voltage({"K": 1.0, "Na": np.asarray(p_na_over_p_k), "Cl": p_cl_over_p_k}, ions,
                       _checks.finite_scalar("celsius", celsius, "°C"))


def iv_curves(v, permeability, z, c_in, c_out, celsius=37.0):
    """GHK current and its tangent ohmic line at the reversal potential, at clamp voltages ``v`` (mV).

    Returns ``(i_ghk, i_ohmic, e_rev, g)``: currents in µA/cm², the Nernst potential E (mV) and the GHK
    slope conductance there (mS/cm²); ``permeability`` in cm/s, concentrations in mM.
    """
    for name, value in (("permeability", permeability), ("c_in", c_in), ("c_out", c_out), ("celsius", celsius)):
        _checks.finite_scalar(name, value)
    e_rev = float(nernst(c_out, c_in, z, celsius))
    g = float(ghk_slope_conductance(permeability, z, c_in, c_out, celsius))
    return ghk_current(v, permeability, z, c_in, c_out, celsius), ohmic_current(v, g, e_rev), e_rev, g


def linearization_error(potential, celsius=37.0):
    """How much linearized Poisson-Boltzmann underestimates the screening charge at ``potential`` (mV).

    Returns ``(local, total)``, both as fractions of the full (nonlinear) value, for a 1:1 electrolyte
    next to a flat surface:

    - ``local``: charge density where the potential is φ, full ∝ sinh(u) against linear ∝ u, with
      u = Fφ/RT, so the error is 1 - u/sinh(u);
    - ``total``: the whole diffuse layer of a surface at φ0 (Gouy-Chapman), full ∝ sinh(u/2) against
      linear ∝ u/2, so the error is 1 - (u/2)/sinh(u/2).

    Both vanish as φ → 0 and grow with |φ|: at one thermal voltage (about 27 mV at 37 °C) the local
    density is underestimated by about 15 %, the total charge by about 4 %.
    """
    potential = _checks.finite("potential", potential, "mV")
    u = np.abs(np.asarray(potential, dtype=float)) / thermal_voltage(celsius)
    with np.errstate(invalid="ignore"):
        local = np.where(u > 0, 1.0 - u / np.sinh(np.where(u > 0, u, 1.0)), 0.0)
        total = np.where(u > 0, 1.0 - 0.5 * u / np.sinh(np.where(u > 0, 0.5 * u, 1.0)), 0.0)
    if np.ndim(local) == 0:
        return float(local), float(total)
    return local, total
