"""Transport: Einstein relation, numerical Nernst–Planck steady state against GHK, flux ratio."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excitable import electrochem, transport
from excitable.constants import thermal_voltage

MEMBRANE = {"diffusion": 1e-6, "thickness": 5.0, "partition": 1e-3}  # P = 2e-3 cm/s


def test_einstein_relation_for_potassium_at_25_celsius():
    # Robinson & Stokes: lambda(K+) = 73.48 S cm²/mol -> u = lambda / F; tabulated D = 1.957e-5 cm²/s.
    mobility = 73.48 / 96485.33212
    assert transport.diffusion_from_mobility(mobility, 1, 25.0) == pytest.approx(1.957e-5, rel=1e-3)
    # kT/e = 25.69 mV at 25 °C; divalent ions drift twice as fast for the same D.
    assert transport.diffusion_from_mobility(1.0, 1, 25.0) == pytest.approx(0.025693, rel=1e-4)
    assert transport.mobility_from_diffusion(1e-5, 2, 25.0) == pytest.approx(2 * transport.mobility_from_diffusion(
        1e-5, 1, 25.0))
    assert transport.mobility_from_diffusion(transport.diffusion_from_mobility(5e-4, 2), 2) == pytest.approx(5e-4)


def test_permeability_is_partition_times_diffusion_over_thickness():
    assert transport.membrane_permeability(1e-6, 5.0, 1e-3) == pytest.approx(1e-9 / 5e-7)


@pytest.mark.parametrize("z", [1, -1, 2, -2])
@pytest.mark.parametrize("c_in, c_out", [(140.0, 4.0), (12.0, 145.0), (10.0, 110.0)])
def test_numerical_solution_reproduces_the_ghk_current(z, c_in, c_out):
    permeability = transport.membrane_permeability(**MEMBRANE)
    voltages = np.concatenate([np.linspace(-150.0, 150.0, 13), [0.0, 1e-3, -1e-3]])
    numerical = transport.nernst_planck_current(voltages, z, c_in, c_out, **MEMBRANE)
    closed_form = electrochem.ghk_current(voltages, permeability, z, c_in, c_out)
    np.testing.assert_allclose(numerical, closed_form, rtol=1e-6)


@pytest.mark.parametrize("v", [-120.0, -30.0, 0.0, 45.0])
def test_numerical_profile_matches_the_analytic_profile(v):
    solution = transport.nernst_planck_steady_state(v, -1, 10.0, 110.0, **MEMBRANE)
    exact = transport.analytic_profile(solution.x, v, -1, 10.0, 110.0, MEMBRANE["thickness"], MEMBRANE["partition"])
    np.testing.assert_allclose(solution.c, exact, rtol=1e-6, atol=1e-9)
    assert solution.c[0] == pytest.approx(MEMBRANE["partition"] * 10.0)
    assert solution.c[-1] == pytest.approx(MEMBRANE["partition"] * 110.0)
    assert solution.potential[0] == pytest.approx(v) and solution.potential[-1] == pytest.approx(0.0)


def test_at_zero_volts_the_profile_is_a_straight_line_and_the_flux_is_ficks():
    solution = transport.nernst_planck_steady_state(0.0, 1, 140.0, 4.0, **MEMBRANE)
    np.testing.assert_allclose(np.diff(solution.c) / np.diff(solution.x), -136.0 * 1e-3 / 5.0, rtol=1e-6)
    fick = MEMBRANE["diffusion"] * MEMBRANE["partition"] * 136.0e-6 / 5e-7
    assert solution.flux == pytest.approx(fick, rel=1e-8)


@given(st.floats(1.0, 500.0), st.floats(1.0, 500.0), st.sampled_from([-2, -1, 1, 2]))
@settings(max_examples=25, deadline=None)
def test_no_net_flux_at_the_nernst_potential(c_in, c_out, z):
    e_rev = float(electrochem.nernst(c_out, c_in, z))
    at_rest = transport.nernst_planck_steady_state(e_rev, z, c_in, c_out, **MEMBRANE)
    away = transport.nernst_planck_steady_state(e_rev + 20.0, z, c_in, c_out, **MEMBRANE)
    assert abs(at_rest.flux) < 1e-7 * abs(away.flux)
    # Diffusion and drift cancel at every point inside the membrane.
    middle = slice(5, -5)
    np.testing.assert_allclose(at_rest.diffusive_flux[middle], -at_rest.drift_flux[middle],
                               atol=1e-2 * np.abs(at_rest.drift_flux).max() + 1e-18)


def test_direction_of_flux_for_cations_and_anions():
    # Above its reversal potential a cation leaves the cell; an anion enters it (both outward currents).
    e_k = float(electrochem.nernst(4.0, 140.0, 1))
    assert transport.nernst_planck_steady_state(e_k + 10, 1, 140.0, 4.0, **MEMBRANE).flux > 0
    assert transport.nernst_planck_steady_state(e_k - 10, 1, 140.0, 4.0, **MEMBRANE).flux < 0
    e_cl = float(electrochem.nernst(110.0, 10.0, -1))
    above = transport.nernst_planck_steady_state(e_cl + 10, -1, 10.0, 110.0, **MEMBRANE)
    assert above.flux < 0 and above.current > 0  # Cl- moves in, which is an outward current
    below = transport.nernst_planck_steady_state(e_cl - 10, -1, 10.0, 110.0, **MEMBRANE)
    assert below.flux > 0 and below.current < 0


def test_a_field_alone_drives_flux_between_equal_concentrations():
    solution = transport.nernst_planck_steady_state(-50.0, 1, 100.0, 100.0, **MEMBRANE)
    assert solution.flux < 0  # cations drawn into the negative interior
    assert solution.current == pytest.approx(electrochem.ghk_current(-50.0, solution.permeability, 1, 100.0, 100.0),
                                             rel=1e-6)


def test_diffusive_and_drift_parts_add_to_the_constant_flux():
    solution = transport.nernst_planck_steady_state(-70.0, 1, 12.0, 145.0, **MEMBRANE)
    total = solution.diffusive_flux + solution.drift_flux
    np.testing.assert_allclose(total[3:-3], solution.flux, rtol=1e-2)


@pytest.mark.parametrize("v", [-90.0, -20.0, 0.0, 30.0])
@pytest.mark.parametrize("z", [1, -1, 2])
def test_unidirectional_fluxes_obey_ussings_flux_ratio(v, z):
    efflux, influx = transport.unidirectional_fluxes(v, z, 20.0, 150.0, **MEMBRANE)
    assert efflux > 0 and influx > 0
    assert efflux / influx == pytest.approx(transport.ussing_flux_ratio(v, z, 20.0, 150.0), rel=1e-6)
    net = transport.nernst_planck_steady_state(v, z, 20.0, 150.0, **MEMBRANE).flux
    assert efflux - influx == pytest.approx(net, rel=1e-6, abs=1e-20)


def test_flux_ratio_is_one_at_equilibrium_and_changes_e_fold_per_thermal_voltage():
    e_na = float(electrochem.nernst(145.0, 12.0, 1))
    assert transport.ussing_flux_ratio(e_na, 1, 12.0, 145.0) == pytest.approx(1.0)
    step = thermal_voltage(37.0)
    ratio = transport.ussing_flux_ratio(np.array([-50.0, -50.0 + step]), 1, 12.0, 145.0)
    assert ratio[1] / ratio[0] == pytest.approx(np.e)


@pytest.mark.parametrize("call, message", [
    (lambda: transport.diffusion_from_mobility(-1.0), "mobility"),
    (lambda: transport.nernst_planck_steady_state(0.0, 0, 1.0, 1.0, 1e-6, 5.0), "z"),
    (lambda: transport.nernst_planck_steady_state(0.0, 1, -1.0, 1.0, 1e-6, 5.0), "c_in"),
    (lambda: transport.nernst_planck_steady_state(float("nan"), 1, 1.0, 1.0, 1e-6, 5.0), "v"),
    (lambda: transport.membrane_permeability(1e-6, 0.0), "thickness"),
    (lambda: transport.ussing_flux_ratio(0.0, 1, 0.0, 1.0), "c_in"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
