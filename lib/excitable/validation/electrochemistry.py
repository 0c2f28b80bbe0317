"""Validated numbers of the electrochemistry chapter: mammalian neuron concentrations at 37 °C (310.15 K).

Most of these numbers are closed-form results of textbook formulas. Where a
source prints the same calculation it is cited; otherwise the published value
is the closed-form number computed independently with plain arithmetic and
the CODATA constants (the note says so, and ``tests/test_electrochem_thermo.py``
recomputes it without the package).
"""

from __future__ import annotations

from .. import electrochem
from ..constants import MAMMALIAN, Ion, IonSet
from ._reference import ANALYTIC, LITERATURE, Reference

TITLE = "Electrochemistry (chapter 1)"
"""Heading of this group in the validation table."""

CONDITIONS = ("Mammalian neuron, mM out/in: K 4/140, Na 145/12, Cl 110/10; 37 °C = 310.15 K; "
              "CODATA 2018 R and F.")
"""What every row of this group assumes."""

RESTING_PERMEABILITIES = {"K": 1.0, "Na": 0.05, "Cl": 0.45}
"""Relative resting permeabilities P_K : P_Na : P_Cl of the worked example."""

HIGH_K_OUT = 8.0
"""Doubled extracellular potassium (mM) of the second worked example."""

_ANALYTIC = ("Closed-form value computed independently (plain math, CODATA R and F, T = 310.15 K); no source "
             "prints this number for these exact concentrations.")

REFERENCES: dict[str, Reference] = {
    "e_k_mV": Reference(
        "E_K (Nernst)", -95.02, 0.01, "mV", "hille2001ion,tiesinga2021codata", ANALYTIC,
        "[K]o = 4, [K]i = 140 mM", "(RT/F) ln(4/140), the Nernst equation as in Hille ch. 1. " + _ANALYTIC),
    "e_na_mV": Reference(
        "E_Na (Nernst)", 66.6, 0.5, "mV", "hille2001ion", LITERATURE,
        "[Na]o = 145, [Na]i = 12 mM",
        "Hille's table of mammalian skeletal muscle lists these sodium concentrations with E_Na = +67 mV at "
        "37 °C; the closed form (RT/F) ln(145/12) gives +66.6 mV."),
    "e_cl_mV": Reference(
        "E_Cl (Nernst, z = -1)", -64.09, 0.01, "mV", "hille2001ion,tiesinga2021codata", ANALYTIC,
        "[Cl]o = 110, [Cl]i = 10 mM", "-(RT/F) ln(110/10), the Nernst equation as in Hille ch. 1. " + _ANALYTIC),
    "ghk_rest_mV": Reference(
        "GHK resting potential", -66.57, 0.01, "mV", "goldman1943potential,hodgkin1949effect", ANALYTIC,
        "P_K : P_Na : P_Cl = 1 : 0.05 : 0.45",
        "(RT/F) ln((4 + 0.05·145 + 0.45·10)/(140 + 0.05·12 + 0.45·110)), the voltage equation of Goldman "
        "and of Hodgkin and Katz. " + _ANALYTIC),
    "ghk_rest_k8_mV": Reference(
        "GHK resting potential, [K]o doubled", -60.52, 0.01, "mV", "goldman1943potential,hodgkin1949effect",
        ANALYTIC, "[K]o = 8 mM, otherwise as above",
        "(RT/F) ln((8 + 0.05·145 + 0.45·10)/(140 + 0.05·12 + 0.45·110)). " + _ANALYTIC),
    "rt_kJ_mol": Reference(
        "thermal energy RT", 2.5787, 0.0001, "kJ/mol", "tiesinga2021codata", ANALYTIC,
        "T = 310.15 K (37 °C); at 310.00 K it is 2.5775",
        "R = 8.314462618 J/(mol K) is exact in the 2019 SI; RT is then plain arithmetic."),
    "electrical_energy_minus70mV_kJ_mol": Reference(
        "electrical energy zFV of a cation at -70 mV", -6.7540, 0.0001, "kJ/mol", "tiesinga2021codata",
        ANALYTIC, "z = +1, V = -70 mV",
        "F = 96485.33212 C/mol (exact in the 2019 SI) times -0.070 V; independent of temperature."),
    "permeability_ratio_12kJ": Reference(
        "P_K/P_Na from a 12 kJ/mol barrier difference", 104.95, 0.05, "", "hille2001ion,tiesinga2021codata",
        ANALYTIC, "ΔG = 12 kJ/mol, T = 310.15 K (105.2 at 310.00 K)",
        "exp(ΔG/RT), the rate-theory relation between barrier heights and permeability discussed by Hille. "
        + _ANALYTIC),
    "debye_length_nm": Reference(
        "Debye length", 0.779, 0.002, "nm", "israelachvili2011intermolecular,malmberg1956dielectric",
        ANALYTIC, "0.15 M 1:1 salt, 37 °C, ε_r = 74.15",
        "sqrt(ε_r ε0 kT/(2 N_A e² I)); Israelachvili's rule 0.304/√I nm gives 0.785 nm at 25 °C; with the "
        "Malmberg-Maryott permittivity at 37 °C the same formula gives 0.779 nm."),
    "activity_coeff_davies_0p15M": Reference(
        "activity coefficient (Davies), z = 1", 0.754, 0.002, "", "davies1962ion,malmberg1956dielectric",
        ANALYTIC, "I = 0.15 M, 37 °C, A = 0.523 (mol/L)^-1/2",
        "log10 γ = -A(√I/(1+√I) - 0.3 I) with Davies's constant 0.3; A from the Debye-Hückel theory with "
        "ε_r(37 °C). With A = 0.509-0.512 (25 °C) γ = 0.759."),
    "charging_fraction_10um_cell": Reference(
        "fraction of cytosolic ions charging the membrane", 1.4510e-5, 2e-9, "", "hille2001ion,tiesinga2021codata",
        ANALYTIC, "sphere 10 µm in diameter, -70 mV, 1 µF/cm², 300 mM cytosolic ions",
        "6 C_m |V| / (F c d): Hille makes the same point (a tiny fraction of the ions charges the membrane). "
        + _ANALYTIC),
}
"""Reference value of every validated quantity, keyed as in the JSON output."""


def compute() -> dict[str, float]:
    """The package's value of every quantity of this group (units as in the key)."""
    ions = {ion.name: ion for ion in MAMMALIAN.ions}
    nernst = {name: float(electrochem.nernst(ion.c_out, ion.c_in, ion.valence, MAMMALIAN.celsius))
              for name, ion in ions.items()}
    high_k = IonSet("mammalian, [K]o doubled", MAMMALIAN.celsius,
                    (Ion("K", 1, HIGH_K_OUT, ions["K"].c_in), ions["Na"], ions["Cl"]))
    celsius = MAMMALIAN.celsius
    return {
        "e_k_mV": nernst["K"],
        "e_na_mV": nernst["Na"],
        "e_cl_mV": nernst["Cl"],
        "ghk_rest_mV": float(electrochem.ghk_voltage(RESTING_PERMEABILITIES, MAMMALIAN)),
        "ghk_rest_k8_mV": float(electrochem.ghk_voltage(RESTING_PERMEABILITIES, high_k)),
        "rt_kJ_mol": float(electrochem.rt_energy(celsius)),
        "electrical_energy_minus70mV_kJ_mol": float(electrochem.electrical_energy(-70.0, 1)),
        "permeability_ratio_12kJ": float(electrochem.permeability_ratio(12.0, celsius)),
        "debye_length_nm": float(electrochem.debye_length(150.0, celsius)),
        "activity_coeff_davies_0p15M": float(electrochem.activity_coefficient(150.0, 1, "davies", celsius=celsius)),
        "charging_fraction_10um_cell": float(electrochem.charging_fraction(-70.0, 10.0, 1.0, 300.0)),
    }
