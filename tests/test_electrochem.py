"""Electrochemistry: Nernst, GHK voltage and current, constants."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from excitable import constants, electrochem

CONCENTRATIONS = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False)
TEMPERATURES = st.floats(min_value=-20.0, max_value=60.0)


def test_constants_come_from_codata():
    assert constants.FARADAY == pytest.approx(96485.33212, rel=1e-9)
    assert constants.GAS_CONSTANT == pytest.approx(8.314462618, rel=1e-9)
    assert constants.thermal_voltage(37.0) == pytest.approx(26.73, abs=0.01)


def test_nernst_slope_is_61_5_mV_per_decade_at_body_temperature():
    assert electrochem.nernst(10.0, 1.0, 1, celsius=37.0) == pytest.approx(61.54, abs=0.01)
    assert electrochem.nernst(10.0, 1.0, 2, celsius=37.0) == pytest.approx(30.77, abs=0.01)


def test_standard_mammalian_equilibrium_potentials():
    ions = constants.MAMMALIAN
    e = {ion.name: electrochem.nernst(ion.c_out, ion.c_in, ion.valence) for ion in ions.ions}
    assert e["K"] == pytest.approx(-95.0, abs=0.1)
    assert e["Na"] == pytest.approx(66.6, abs=0.1)
    assert e["Cl"] == pytest.approx(-64.1, abs=0.1)  # anion: negative although [Cl]o > [Cl]i


@given(CONCENTRATIONS, CONCENTRATIONS, st.sampled_from([-2, -1, 1, 2, 3]), TEMPERATURES)
def test_nernst_is_antisymmetric(c_out, c_in, z, celsius):
    forward = electrochem.nernst(c_out, c_in, z, celsius)
    assert electrochem.nernst(c_in, c_out, z, celsius) == pytest.approx(-forward, abs=1e-9)
    assert electrochem.nernst(c_out, c_in, -z, celsius) == pytest.approx(-forward, abs=1e-9)


@given(CONCENTRATIONS, CONCENTRATIONS, st.sampled_from(["K", "Na", "Cl"]), TEMPERATURES)
def test_ghk_with_one_permeant_ion_is_nernst(c_out, c_in, name, celsius):
    valence = constants.MAMMALIAN[name].valence
    ions = constants.IonSet("one ion", celsius, (constants.Ion(name, valence, c_out, c_in),))
    assert electrochem.ghk_voltage({name: 1.0}, ions) == pytest.approx(
        electrochem.nernst(c_out, c_in, valence, celsius), abs=1e-9)


def test_ghk_worked_example():
    permeabilities = {"K": 1.0, "Na": 0.05, "Cl": 0.45}
    ions = constants.MAMMALIAN
    # By hand: 26.73 mV x ln((4 + 0.05*145 + 0.45*10) / (140 + 0.05*12 + 0.45*110)) = -66.57 mV.
    assert electrochem.ghk_voltage(permeabilities, ions) == pytest.approx(-66.57, abs=0.02)
    high_k = constants.IonSet("high K", 37.0, (constants.Ion("K", 1, 8.0, 140.0), ions["Na"], ions["Cl"]))
    # Doubling [K]o: 26.73 mV x ln(19.75 / 190.1) = -60.52 mV (the syllabus rounds it to about -60).
    assert electrochem.ghk_voltage(permeabilities, high_k) == pytest.approx(-60.52, abs=0.02)


@given(CONCENTRATIONS, CONCENTRATIONS, st.sampled_from([-2, -1, 1, 2]))
def test_ghk_current_vanishes_at_the_nernst_potential(c_in, c_out, z):
    e_rev = electrochem.nernst(c_out, c_in, z)
    scale = abs(electrochem.ghk_current(e_rev + 50.0, 1e-6, z, c_in, c_out))
    assert abs(electrochem.ghk_current(e_rev, 1e-6, z, c_in, c_out)) <= 1e-9 * max(scale, 1.0)


def test_ghk_current_limit_at_zero_and_sign():
    # At V = 0 the current is P z F (c_in - c_out): 1e-6 cm/s, 136 mM -> 13.12 µA/cm², outward.
    i0 = electrochem.ghk_current(0.0, 1e-6, 1, 140.0, 4.0)
    assert i0 == pytest.approx(1e-6 * constants.FARADAY * 136e-6 * 1e6, rel=1e-12)
    assert electrochem.ghk_current(1e-7, 1e-6, 1, 140.0, 4.0) == pytest.approx(i0, rel=1e-6)
    # Na+ flows in (negative current) at rest; Cl- moving in is an outward current.
    assert electrochem.ghk_current(-65.0, 1e-6, 1, 12.0, 145.0) < 0
    assert electrochem.ghk_current(-30.0, 1e-6, -1, 10.0, 110.0) > 0


def test_driving_force():
    assert electrochem.driving_force(-65.0, 50.0) == pytest.approx(-115.0)


@pytest.mark.parametrize("call, name", [
    (lambda: electrochem.nernst(0.0, 140.0, 1), "c_out"),
    (lambda: electrochem.nernst(4.0, -1.0, 1), "c_in"),
    (lambda: electrochem.nernst(4.0, 140.0, 0), "z"),
    (lambda: electrochem.nernst(4.0, 140.0, 1.5), "z"),
    (lambda: electrochem.nernst(4.0, 140.0, 1, celsius=-273.15), "celsius"),
    (lambda: electrochem.nernst(float("nan"), 140.0, 1), "c_out"),
    (lambda: electrochem.ghk_current(0.0, -1.0, 1, 1.0, 1.0), "permeability"),
    (lambda: electrochem.ghk_voltage({"K": -1.0}, constants.MAMMALIAN), "permeability of K"),
])
def test_bad_input_names_the_parameter_and_value(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_error_message_states_value_and_range():
    with pytest.raises(ValueError) as error:
        electrochem.nernst(-2.0, 140.0, 1)
    assert "-2.0" in str(error.value) and "> 0" in str(error.value) and "mM" in str(error.value)
