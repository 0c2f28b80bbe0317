"""Homeostasis: pump–leak arithmetic, the cell model's conservation laws and steady states, Donnan states."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excitable import electrochem, homeostasis
from excitable.constants import FARADAY, GAS_CONSTANT, MAMMALIAN, kelvin
from excitable.homeostasis import STANDARD_CELL, CellState

HOUR = 3600e3  # ms


def test_pump_leak_worked_example():
    balance = homeostasis.pump_leak_balance(0.5, -70.0, 60.0)
    assert balance.leak_current == pytest.approx(-65.0)  # inward Na+ leak, pA
    assert balance.sodium_export_current == pytest.approx(65.0)
    assert balance.potassium_import_current == pytest.approx(-65.0 * 2 / 3)
    assert balance.net_pump_current == pytest.approx(65.0 / 3)
    assert balance.cycles_per_second == pytest.approx(65e-12 / (3 * 1.602176634e-19))


def test_standard_cell_rests_at_its_calibration_point():
    state = homeostasis.steady_state(STANDARD_CELL)
    assert state.v == pytest.approx(-70.0, abs=1e-9)
    assert state.na_i == pytest.approx(MAMMALIAN["Na"].c_in, rel=1e-10)
    assert state.k_i == pytest.approx(MAMMALIAN["K"].c_in, rel=1e-10)
    assert state.cl_i == pytest.approx(110.0 * math.exp(-70.0 / 26.7267), rel=1e-4)  # passive chloride
    assert state.volume == pytest.approx(1.0, rel=1e-10)
    # A plausible resting cell: P_Na/P_K a few per cent, pump current below 1 µA/cm².
    assert 0.02 < STANDARD_CELL.p_na / STANDARD_CELL.p_k < 0.1
    assert 0.3 < homeostasis.pump_current(STANDARD_CELL, state.na_i) < 1.5


def test_at_steady_state_pump_export_equals_each_leak():
    state = homeostasis.steady_state(STANDARD_CELL.replace(pump_fraction=1.6))
    params = STANDARD_CELL.replace(pump_fraction=1.6)
    pump = homeostasis.pump_current(params, state.na_i)
    i_na = electrochem.ghk_current(state.v, params.p_na, 1, state.na_i, params.na_o)
    i_k = electrochem.ghk_current(state.v, params.p_k, 1, state.k_i, params.k_o)
    i_cl = electrochem.ghk_current(state.v, params.p_cl, -1, state.cl_i, params.cl_o)
    assert 3 * pump == pytest.approx(-i_na, rel=1e-8)
    assert 2 * pump == pytest.approx(i_k, rel=1e-8)
    assert i_cl == pytest.approx(0.0, abs=1e-10)
    assert i_na + i_k + i_cl + pump == pytest.approx(0.0, abs=1e-10)


def test_the_steady_state_is_where_simulations_stay():
    result = homeostasis.simulate(STANDARD_CELL, t_stop=5 * HOUR, samples=20)
    for trace, value in ((result.na_i, 12.0), (result.k_i, 140.0), (result.v, -70.0), (result.volume, 1.0)):
        np.testing.assert_allclose(trace, value, rtol=1e-6, atol=1e-6)


def test_with_pump_and_leaks_off_nothing_changes():
    params = STANDARD_CELL.replace(p_na=0.0, p_k=0.0, p_cl=0.0, pump_fraction=0.0)
    # A swollen cell, neutral and isosmotic: Na + K = Cl - z [X] and Na + K + Cl + [X] = bath.
    volume = 1.3
    x = params.impermeant_in / volume
    cl = (params.osmolarity_out - x - (-params.z_impermeant) * x) / 2
    start = CellState(na_i=30.0, k_i=cl - params.z_impermeant * x - 30.0, cl_i=cl, volume=volume, v=0.0)
    result = homeostasis.simulate(params, t_stop=10 * HOUR, initial=start, samples=10)
    for name in ("na_i", "k_i", "cl_i", "volume"):
        np.testing.assert_allclose(getattr(result, name), getattr(start, name), rtol=1e-12)
    np.testing.assert_allclose(result.v, 0.0)  # no current flows: an uncharged membrane


def test_inconsistent_initial_states_are_refused():
    with pytest.raises(ValueError, match="electroneutral"):
        homeostasis.simulate(STANDARD_CELL, 1e3, initial=CellState(30.0, 120.0, 20.0, 1.0, -70.0))
    state = homeostasis.steady_state(STANDARD_CELL)
    swollen = CellState(state.na_i / 2, state.k_i / 2, state.cl_i / 2, 2 * state.volume, state.v)
    with pytest.raises(ValueError, match="isosmotic"):
        homeostasis.simulate(STANDARD_CELL, 1e3, initial=swollen)
    homeostasis.simulate(STANDARD_CELL, 1e3, initial=swollen, rigid=True, samples=3)  # a wall can hold it


def test_the_pump_cannot_run_without_any_leak():
    params = STANDARD_CELL.replace(p_na=0.0, p_k=0.0, p_cl=0.0)
    with pytest.raises(ValueError, match="permeability"):
        homeostasis.membrane_potential(params, 12.0, 140.0, 8.0)


def test_membrane_potential_is_where_leak_and_pump_currents_cancel():
    params = STANDARD_CELL
    v = homeostasis.membrane_potential(params, 20.0, 130.0, 15.0)
    total = (electrochem.ghk_current(v, params.p_na, 1, 20.0, params.na_o)
             + electrochem.ghk_current(v, params.p_k, 1, 130.0, params.k_o)
             + electrochem.ghk_current(v, params.p_cl, -1, 15.0, params.cl_o)
             + homeostasis.pump_current(params, 20.0))
    assert total == pytest.approx(0.0, abs=1e-10)
    # Without the pump it is the GHK voltage.
    off = params.replace(pump_fraction=0.0)
    ions = MAMMALIAN.__class__("test", 37.0, (MAMMALIAN["K"].__class__("K", 1, params.k_o, 130.0),
                                              MAMMALIAN["Na"].__class__("Na", 1, params.na_o, 20.0),
                                              MAMMALIAN["Cl"].__class__("Cl", -1, params.cl_o, 15.0)))
    ghk = electrochem.ghk_voltage({"K": params.p_k, "Na": params.p_na, "Cl": params.p_cl}, ions)
    assert homeostasis.membrane_potential(off, 20.0, 130.0, 15.0) == pytest.approx(ghk, abs=1e-9)


@pytest.fixture(scope="module")
def blocked():
    return homeostasis.simulate(STANDARD_CELL.replace(pump_fraction=0.0), t_stop=6 * HOUR, samples=200)


def test_run_down_when_the_pump_stops(blocked):
    assert np.all(np.diff(blocked.na_i) > 0) and np.all(np.diff(blocked.k_i) < 0)
    assert np.all(np.diff(blocked.volume) > 0)  # Donnan swelling
    assert blocked.v[-1] > -20.0
    # The first run-down: K+ loss over the first minutes matches the resting leak.
    _, _, i_k, _, _ = homeostasis._membrane(STANDARD_CELL, 12.0, 140.0, blocked.cl_i[0])
    rate = -i_k * STANDARD_CELL.surface_to_volume / FARADAY  # mM/s at the start
    early = 20  # samples, about 36 s
    measured = (blocked.k_i[early] * blocked.volume[early] - 140.0) / (blocked.t[early] * 1e-3)
    assert measured == pytest.approx(rate, rel=0.05)


def test_cell_stays_electroneutral_and_isosmotic(blocked):
    np.testing.assert_allclose(blocked.charge_excess, 0.0, atol=1e-9)
    np.testing.assert_allclose(blocked.osmotic_excess, 0.0, atol=1e-9)


def test_total_cation_exchange_balances_chloride_entry(blocked):
    # Every Cl- that enters must be accompanied by one net cation: charge conservation in amounts.
    amount = {name: getattr(blocked, name) * blocked.volume for name in ("na_i", "k_i", "cl_i")}
    cations = amount["na_i"] + amount["k_i"]
    np.testing.assert_allclose(cations - cations[0], amount["cl_i"] - amount["cl_i"][0], atol=1e-8)


def test_rigid_cell_relaxes_to_the_donnan_state():
    params = STANDARD_CELL.replace(pump_fraction=0.0)
    result = homeostasis.simulate(params, t_stop=1000 * HOUR, rigid=True, samples=20)
    donnan = homeostasis.donnan_state(params, rigid=True)
    assert result.k_i[-1] / params.k_o == pytest.approx(donnan.ratio, rel=1e-6)
    assert result.na_i[-1] / params.na_o == pytest.approx(donnan.ratio, rel=1e-6)
    assert params.cl_o / result.cl_i[-1] == pytest.approx(donnan.ratio, rel=1e-6)
    assert result.v[-1] == pytest.approx(donnan.potential, abs=1e-4)
    assert result.pressure[-1] == pytest.approx(donnan.pressure, rel=1e-5)
    assert donnan.pressure > 100.0  # kPa: over an atmosphere pressing on the wall


def test_free_cell_relaxes_to_the_swollen_donnan_state():
    params = STANDARD_CELL.replace(pump_fraction=0.0)
    result = homeostasis.simulate(params, t_stop=3000 * HOUR, samples=20)
    donnan = homeostasis.donnan_state(params, rigid=False)
    assert result.volume[-1] == pytest.approx(donnan.volume, rel=1e-4)
    assert result.v[-1] == pytest.approx(donnan.potential, abs=1e-3)
    assert homeostasis.steady_state(params).volume == pytest.approx(donnan.volume)
    # The swollen cell's impermeant solute has been diluted to match the bath's, particle for particle.
    assert donnan.impermeant == pytest.approx(params.impermeant_out, rel=0.01)


def test_donnan_ratio_closed_form():
    assert homeostasis.donnan_ratio(150.0, 150.0, -100.0) == pytest.approx((100 + math.sqrt(1e4 + 9e4)) / 300)
    assert homeostasis.donnan_ratio(150.0, 150.0, 0.0) == pytest.approx(1.0)
    assert homeostasis.donnan_ratio(150.0, 150.0, +100.0) == pytest.approx(1 / homeostasis.donnan_ratio(
        150.0, 150.0, -100.0))


@given(st.floats(10.0, 300.0), st.floats(10.0, 300.0), st.floats(-300.0, 300.0))
@settings(max_examples=50, deadline=None)
def test_donnan_ratio_makes_the_interior_neutral(cations, anions, fixed):
    r = homeostasis.donnan_ratio(cations, anions, fixed)
    assert r > 0
    assert cations * r - anions / r + fixed == pytest.approx(0.0, abs=1e-9 * (cations + anions + abs(fixed)))


def test_pure_salt_bath_gives_donnan_swelling_without_bound():
    params = STANDARD_CELL.replace(pump_fraction=0.0, impermeant_out=0.0, cl_o=149.0)
    with pytest.raises(ValueError, match="without bound"):
        homeostasis.donnan_state(params, rigid=False)
    with pytest.raises(ValueError, match="without bound"):
        homeostasis.steady_state(params)
    # With a pump the same cell has a finite volume that grows as the pump slows.
    volumes = [homeostasis.steady_state(params.replace(pump_fraction=f)).volume for f in (1.0, 0.3, 0.1, 0.03)]
    assert np.all(np.diff(volumes) > 0) and volumes[-1] > 2 * volumes[0]


def test_rundown_time_scales_with_diameter():
    small = homeostasis.rundown_time(STANDARD_CELL, "K")
    big = homeostasis.rundown_time(STANDARD_CELL.replace(diameter=2 * STANDARD_CELL.diameter), "K")
    assert big == pytest.approx(2 * small)
    # K content / K leak of the 20 µm standard cell: tens of minutes.
    assert 10 < small / 60e3 < 120


def test_simulation_time_scales_with_diameter():
    params = STANDARD_CELL.replace(pump_fraction=0.0)
    one = homeostasis.simulate(params, t_stop=1 * HOUR, samples=30)
    two = homeostasis.simulate(params.replace(diameter=2 * params.diameter), t_stop=2 * HOUR, samples=30)
    np.testing.assert_allclose(one.na_i, two.na_i, rtol=1e-6)
    np.testing.assert_allclose(one.volume, two.volume, rtol=1e-6)


def test_pressure_is_van_t_hoff():
    donnan = homeostasis.donnan_state(STANDARD_CELL, rigid=True)
    assert donnan.pressure == pytest.approx(GAS_CONSTANT * kelvin(37.0) * donnan.osmotic_excess / 1e3)


@pytest.mark.parametrize("change, message", [
    ({"diameter": 0.0}, "diameter"), ({"p_na": -1.0}, "p_na"), ({"pump_fraction": -0.1}, "pump_fraction"),
    ({"z_impermeant": 1.0}, "z_impermeant"), ({"cl_o": 0.0}, "cl_o"),
])
def test_bad_parameters_are_named(change, message):
    with pytest.raises(ValueError, match=message):
        STANDARD_CELL.replace(**change)


def test_bad_calibration_is_named():
    with pytest.raises(ValueError, match="v_rest"):
        homeostasis.calibrated_cell(v_rest=-100.0)  # below E_K: no pump could balance it
    with pytest.raises(ValueError, match="ion"):
        homeostasis.rundown_time(STANDARD_CELL, "Cl")
