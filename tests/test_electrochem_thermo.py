"""Electrochemical energies, activities, screening, selectivity and charge (excitable.electrochem)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from excitable import constants, electrochem
from excitable.validation import electrochemistry as validation

# CODATA 2018 values typed in here on purpose: the tests recompute closed forms without the package.
R, F, K_B, E_CHARGE, N_A, EPS0 = 8.314462618, 96485.33212, 1.380649e-23, 1.602176634e-19, 6.02214076e23, \
    8.8541878128e-12
T37 = 310.15
CONCENTRATIONS = st.floats(min_value=1e-3, max_value=1e3)
STRENGTHS = st.floats(min_value=0.0, max_value=1000.0)
TEMPERATURES = st.floats(min_value=0.0, max_value=100.0)


def test_water_permittivity_follows_malmberg_maryott():
    assert constants.water_permittivity(25.0) == pytest.approx(78.30, abs=0.01)
    assert constants.water_permittivity(37.0) == pytest.approx(74.15, abs=0.01)
    assert constants.water_permittivity(0.0) == pytest.approx(87.74, abs=1e-9)
    with pytest.raises(ValueError, match="celsius"):
        constants.water_permittivity(120.0)


def test_energy_scales():
    assert electrochem.rt_energy(37.0) == pytest.approx(R * T37 / 1e3, rel=1e-9)
    assert electrochem.electrical_energy(-70.0, 1) == pytest.approx(-F * 0.070 / 1e3, rel=1e-9)
    assert electrochem.electrical_energy(-70.0, -1) == pytest.approx(F * 0.070 / 1e3, rel=1e-9)
    # The -70 mV electrical energy is about 2.6 RT at body temperature.
    assert -electrochem.electrical_energy(-70.0, 1) / electrochem.rt_energy(37.0) == pytest.approx(2.62, abs=0.01)


def test_electrochemical_potential_terms():
    # 1 M, γ = 1, φ = 0 is the standard state: μ = μ0.
    assert electrochem.electrochemical_potential(1000.0, 1, 0.0, 37.0, mu0=5.0) == pytest.approx(5.0)
    ten_fold = electrochem.electrochemical_potential(100.0, 1) - electrochem.electrochemical_potential(10.0, 1)
    assert ten_fold == pytest.approx(R * T37 * math.log(10.0) / 1e3, rel=1e-9)
    # γ = 0.5 lowers μ by RT ln 2.
    half = electrochem.electrochemical_potential(100.0, 1, activity_coefficient=0.5)
    assert electrochem.electrochemical_potential(100.0, 1) - half == pytest.approx(R * T37 * math.log(2) / 1e3)


@given(CONCENTRATIONS, CONCENTRATIONS, st.sampled_from([-2, -1, 1, 2]), st.floats(-150.0, 150.0))
def test_delta_mu_is_zf_times_driving_force(c_in, c_out, z, v):
    delta_mu = electrochem.electrochemical_potential_difference(c_in, c_out, z, v)
    e_rev = electrochem.nernst(c_out, c_in, z)
    assert delta_mu == pytest.approx(z * F * (v - e_rev) * 1e-6, rel=1e-8, abs=1e-9)
    assert abs(electrochem.electrochemical_potential_difference(c_in, c_out, z, e_rev)) < 1e-9


def test_ionic_strength():
    assert electrochem.ionic_strength([150.0, 150.0], [1, -1]) == pytest.approx(150.0)
    assert electrochem.ionic_strength([10.0, 20.0], [2, -1]) == pytest.approx(30.0)  # MgCl2: 3 c
    many = electrochem.ionic_strength(np.array([[1.0, 2.0], [1.0, 2.0]]), [1, -1])
    assert np.allclose(many, [1.0, 2.0])
    with pytest.raises(ValueError, match="valences"):
        electrochem.ionic_strength([1.0, 2.0], [1])


def test_debye_huckel_constants_match_tables():
    # Tabulated at 25 °C: A = 0.5115 (mol/L)^-1/2 on the molar scale (0.509 on the molal one), B = 3.29 /nm.
    assert electrochem.debye_huckel_a(25.0) == pytest.approx(0.5115, abs=0.002)
    assert electrochem.debye_huckel_b(25.0) == pytest.approx(3.29, abs=0.01)
    assert electrochem.debye_huckel_a(37.0) == pytest.approx(0.523, abs=0.001)


@pytest.mark.parametrize("strength_molar", [0.001, 0.01, 0.1, 0.15, 1.0])
def test_debye_length_follows_the_textbook_rule_at_25C(strength_molar):
    # Israelachvili: λ_D = 0.304 nm / √I (I in mol/L) for a 1:1 salt at 25 °C.
    assert electrochem.debye_length(1000.0 * strength_molar, 25.0) == pytest.approx(
        0.304 / math.sqrt(strength_molar), rel=0.002)


def test_debye_length_recomputed_by_hand():
    eps = 87.740 - 0.40008 * 37 + 9.398e-4 * 37**2 - 1.410e-6 * 37**3
    by_hand = math.sqrt(eps * EPS0 * K_B * T37 / (2 * N_A * E_CHARGE**2 * 150.0)) * 1e9
    assert electrochem.debye_length(150.0, 37.0) == pytest.approx(by_hand, rel=1e-6)


@given(STRENGTHS, st.sampled_from([-2, -1, 1, 2, 3]), TEMPERATURES)
def test_activity_laws_are_ordered(strength, z, celsius):
    limiting = electrochem.activity_coefficient(strength, z, "limiting", celsius=celsius)
    extended = electrochem.activity_coefficient(strength, z, "extended", celsius=celsius)
    assert 0.0 < limiting <= extended <= 1.0
    assert electrochem.activity_coefficient(strength, -z, "davies", celsius=celsius) == pytest.approx(
        electrochem.activity_coefficient(strength, z, "davies", celsius=celsius))


def test_activity_coefficients_at_physiological_strength():
    a = electrochem.debye_huckel_a(37.0)
    root = math.sqrt(0.15)
    davies = 10 ** (-a * (root / (1 + root) - 0.3 * 0.15))
    assert electrochem.activity_coefficient(150.0, 1) == pytest.approx(davies, rel=1e-9)
    assert 0.75 < davies < 0.76
    # Divalent ions feel z² = 4 times the log: γ(Ca²+) is near 0.3.
    assert electrochem.activity_coefficient(150.0, 2) == pytest.approx(davies**4, rel=1e-9)
    assert electrochem.activity_coefficient(0.0, 1, "limiting") == 1.0
    # Dilute limit: every law agrees with the limiting law.
    laws = [electrochem.activity_coefficient(0.01, 1, law) for law in electrochem.ACTIVITY_LAWS]
    assert max(laws) - min(laws) < 1e-4


@given(CONCENTRATIONS, CONCENTRATIONS, st.sampled_from([-1, 1, 2]), STRENGTHS)
def test_activities_cancel_when_ionic_strengths_match(c_out, c_in, z, strength):
    assert electrochem.activity_nernst(c_out, c_in, z, strength, strength) == pytest.approx(
        electrochem.nernst(c_out, c_in, z), abs=1e-9)


def test_activity_shift_when_ionic_strengths_differ():
    # Low-ionic-strength bath (15 mM) against 150 mM cytosol: γ_out > γ_in, E_K moves positive.
    shift = electrochem.activity_nernst(4.0, 140.0, 1, 15.0, 150.0) - electrochem.nernst(4.0, 140.0, 1)
    a = electrochem.debye_huckel_a(37.0)

    def gamma(strength):
        root = math.sqrt(strength)
        return 10 ** (-a * (root / (1 + root) - 0.3 * strength))

    assert shift == pytest.approx(R * T37 / F * 1e3 * math.log(gamma(0.015) / gamma(0.15)), rel=1e-9)
    assert 4.0 < shift < 7.0


def test_permeability_ratio_and_inverse():
    assert electrochem.permeability_ratio(12.0, 37.0) == pytest.approx(math.exp(12e3 / (R * T37)), rel=1e-9)
    assert electrochem.barrier_difference(100.0, 37.0) == pytest.approx(R * T37 * math.log(100) / 1e3)
    assert electrochem.permeability_ratio(0.0) == 1.0
    assert electrochem.permeability_ratio(electrochem.barrier_difference(37.0)) == pytest.approx(37.0)


def test_charging_fraction():
    expected = 6 * 1e-2 * 0.070 / (F * 300.0 * 10e-6)  # 6 C|V|/(F c d) in SI
    assert electrochem.charging_fraction(-70.0, 10.0, 1.0, 300.0) == pytest.approx(expected, rel=1e-9)
    assert electrochem.charging_fraction(-70.0, 1.0) == pytest.approx(10 * expected, rel=1e-9)
    assert electrochem.charging_fraction(0.0, 10.0) == 0.0
    assert electrochem.membrane_charge(-70.0, 1.0) == pytest.approx(-70.0)  # nC/cm²


def test_charging_fraction_of_a_cylinder():
    # A long cylinder has area/volume 4/d, a sphere 6/d: the same diameter needs two thirds the fraction.
    expected = 4 * 1e-2 * 0.070 / (F * 300.0 * 1e-6)  # 4 C|V|/(F c d) in SI, d = 1 µm
    assert electrochem.charging_fraction(-70.0, 1.0, 1.0, 300.0, shape="cylinder") == pytest.approx(expected, rel=1e-9)
    sphere = electrochem.charging_fraction(-70.0, 1.0, 1.0, 300.0)
    assert electrochem.charging_fraction(-70.0, 1.0, 1.0, 300.0, shape="cylinder") == pytest.approx(2 / 3 * sphere)
    with pytest.raises(ValueError, match="shape"):
        electrochem.charging_fraction(-70.0, 1.0, shape="cube")


def test_screened_potential_decays_by_e_per_debye_length():
    length = electrochem.debye_length(150.0)
    assert electrochem.screened_potential(length, -20.0, 150.0) == pytest.approx(-20.0 / math.e)
    assert electrochem.screened_potential(0.0, -20.0, 150.0) == -20.0


@given(CONCENTRATIONS, CONCENTRATIONS, st.sampled_from([-2, -1, 1, 2]))
def test_ghk_slope_conductance_is_the_slope_at_reversal(c_in, c_out, z):
    e_rev = electrochem.nernst(c_out, c_in, z)
    step = 1e-4
    numeric = (electrochem.ghk_current(e_rev + step, 1e-6, z, c_in, c_out)
               - electrochem.ghk_current(e_rev - step, 1e-6, z, c_in, c_out)) / (2 * step)  # µA/cm²/mV = mS/cm²
    assert electrochem.ghk_slope_conductance(1e-6, z, c_in, c_out) == pytest.approx(numeric, rel=1e-5)


@given(CONCENTRATIONS, CONCENTRATIONS, st.sampled_from([-2, -1, 1, 2]), st.floats(-150.0, 100.0))
def test_ghk_chord_conductance_times_driving_force_is_the_ghk_current(c_in, c_out, z, v):
    e_rev = electrochem.nernst(c_out, c_in, z)
    chord = electrochem.ghk_chord_conductance(v, 1e-6, z, c_in, c_out)
    assert chord > 0
    assert chord * (v - e_rev) == pytest.approx(electrochem.ghk_current(v, 1e-6, z, c_in, c_out),
                                                rel=1e-9, abs=1e-12)


def test_ghk_chord_conductance_at_reversal_and_for_equal_concentrations():
    # at E the chord conductance is the slope there; with equal concentrations the GHK current is ohmic
    e_k = electrochem.nernst(4.0, 140.0, 1)
    slope = electrochem.ghk_slope_conductance(1e-6, 1, 140.0, 4.0)
    assert electrochem.ghk_chord_conductance(e_k, 1e-6, 1, 140.0, 4.0) == pytest.approx(slope)
    assert electrochem.ghk_chord_conductance(e_k + 1e-3, 1e-6, 1, 140.0, 4.0) == pytest.approx(slope, rel=1e-3)
    linear = electrochem.ghk_slope_conductance(1e-6, 1, 140.0, 140.0)
    chords = electrochem.ghk_chord_conductance(np.array([-80.0, -20.0, 40.0]), 1e-6, 1, 140.0, 140.0)
    assert chords == pytest.approx(np.full(3, linear))
    # potassium's chord conductance grows with V (outward rectification, 140 mM inside, 4 mM outside)
    assert electrochem.ghk_chord_conductance(-20.0, 1e-6, 1, 140.0, 4.0) > slope


def test_ohmic_current():
    assert electrochem.ohmic_current(-65.0, 2.0, -95.0) == pytest.approx(60.0)
    with pytest.raises(ValueError, match="conductance"):
        electrochem.ohmic_current(0.0, -1.0, 0.0)


@pytest.mark.parametrize("call, name", [
    (lambda: electrochem.debye_length(0.0), "ionic_strength"),
    (lambda: electrochem.debye_length(150.0, celsius=-5.0), "celsius"),
    (lambda: electrochem.activity_coefficient(-1.0, 1), "ionic_strength"),
    (lambda: electrochem.activity_coefficient(150.0, 0), "z"),
    (lambda: electrochem.activity_coefficient(150.0, 1, "huckel"), "law"),
    (lambda: electrochem.activity_coefficient(150.0, 1, "extended", ion_size_nm=0.0), "ion_size_nm"),
    (lambda: electrochem.electrochemical_potential(0.0, 1), "concentration"),
    (lambda: electrochem.electrochemical_potential(1.0, 1, activity_coefficient=0.0), "activity_coefficient"),
    (lambda: electrochem.charging_fraction(-70.0, 0.0), "diameter"),
    (lambda: electrochem.charging_fraction(-70.0, 10.0, c_m=-1.0), "c_m"),
    (lambda: electrochem.charging_fraction(-70.0, 10.0, total_concentration=0.0), "total_concentration"),
    (lambda: electrochem.barrier_difference(0.0), "ratio"),
    (lambda: electrochem.permeability_ratio(float("inf")), "delta_g"),
    (lambda: electrochem.rt_energy(-300.0), "celsius"),
    (lambda: electrochem.electrical_energy(-70.0, 0), "z"),
    (lambda: electrochem.ghk_slope_conductance(1e-6, 1, 0.0, 4.0), "c_in"),
    (lambda: electrochem.ghk_chord_conductance(-70.0, -1e-6, 1, 140.0, 4.0), "permeability"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# -- the validation keys, each recomputed here with plain arithmetic -------------------------------------------

def _ghk(k_out):
    return R * T37 / F * 1e3 * math.log((k_out + 0.05 * 145 + 0.45 * 10) / (140 + 0.05 * 12 + 0.45 * 110))


BY_HAND = {
    "e_k_mV": R * T37 / F * 1e3 * math.log(4 / 140),
    "e_na_mV": R * T37 / F * 1e3 * math.log(145 / 12),
    "e_cl_mV": -R * T37 / F * 1e3 * math.log(110 / 10),
    "ghk_rest_mV": _ghk(4.0),
    "ghk_rest_k8_mV": _ghk(8.0),
    "rt_kJ_mol": R * T37 / 1e3,
    "electrical_energy_minus70mV_kJ_mol": -F * 0.070 / 1e3,
    "permeability_ratio_12kJ": math.exp(12e3 / (R * T37)),
    "debye_length_nm": math.sqrt(74.1484 * EPS0 * K_B * T37 / (2 * N_A * E_CHARGE**2 * 150.0)) * 1e9,
    "activity_coeff_davies_0p15M": 10 ** (-0.5232 * (math.sqrt(0.15) / (1 + math.sqrt(0.15)) - 0.3 * 0.15)),
    "charging_fraction_10um_cell": 6 * 1e-2 * 0.070 / (F * 300.0 * 10e-6),
}


@pytest.fixture(scope="module")
def computed():
    return validation.compute()


@pytest.mark.parametrize("key", sorted(BY_HAND))
def test_validation_value_matches_the_closed_form(computed, key):
    assert computed[key] == pytest.approx(BY_HAND[key], rel=2e-4)
    reference = validation.REFERENCES[key]
    assert computed[key] == pytest.approx(reference.published, abs=reference.tolerance)


def test_validation_pins():
    values = validation.compute()
    assert set(values) == set(validation.REFERENCES) == set(BY_HAND)
    assert values["e_k_mV"] == pytest.approx(-95.02, abs=0.01)
    assert values["e_na_mV"] == pytest.approx(66.60, abs=0.01)
    assert values["e_cl_mV"] == pytest.approx(-64.09, abs=0.01)
    assert values["ghk_rest_mV"] == pytest.approx(-66.57, abs=0.01)
    assert values["ghk_rest_k8_mV"] == pytest.approx(-60.52, abs=0.01)
    assert values["rt_kJ_mol"] == pytest.approx(2.5787, abs=1e-4)
    assert values["electrical_energy_minus70mV_kJ_mol"] == pytest.approx(-6.754, abs=1e-3)
    assert values["permeability_ratio_12kJ"] == pytest.approx(104.95, abs=0.01)
    assert values["debye_length_nm"] == pytest.approx(0.779, abs=0.001)
    assert values["activity_coeff_davies_0p15M"] == pytest.approx(0.754, abs=0.001)
    assert values["charging_fraction_10um_cell"] == pytest.approx(1.451e-5, rel=1e-3)
