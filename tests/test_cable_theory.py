"""Analytic cable theory (excitable.cable_theory) against independent arithmetic and numerical solutions."""

import math

import numpy as np
import pytest
from scipy import special
from scipy.integrate import solve_bvp

from excitable import cable_theory as ct

SQUID = {"diameter": 476.0, "r_i": 35.4}


def test_per_length_quantities_by_hand():
    d_cm = 476e-4
    assert ct.axial_resistance_per_length(476.0, 35.4) == pytest.approx(4 * 35.4 / (math.pi * d_cm**2))
    assert ct.axial_resistance_per_length(476.0, 35.4) == pytest.approx(19_893, rel=1e-3)
    assert ct.membrane_resistance_per_length(476.0, 1.0) == pytest.approx(1000.0 / (math.pi * d_cm))
    assert ct.capacitance_per_length(476.0, 1.0) == pytest.approx(math.pi * d_cm)
    # halving the diameter: r_i x 4, r_m x 2, c_m / 2
    assert ct.axial_resistance_per_length(238.0, 35.4) / ct.axial_resistance_per_length(476.0, 35.4) == \
        pytest.approx(4.0)
    assert ct.membrane_resistance_per_length(238.0, 1.0) / ct.membrane_resistance_per_length(476.0, 1.0) == \
        pytest.approx(2.0)


def test_length_constant_closed_form_and_square_root_of_diameter():
    # R_m = 1000 ohm cm2, d = 476 um, R_i = 35.4 ohm cm: lambda = sqrt(R_m d / (4 R_i)) in cm
    expected_mm = math.sqrt(1000.0 * 476e-4 / (4 * 35.4)) * 10.0
    assert ct.length_constant(476.0, 35.4, 1.0) == pytest.approx(expected_mm, rel=1e-12)
    assert ct.length_constant(4 * 476.0, 35.4, 1.0) == pytest.approx(2 * expected_mm)
    assert ct.length_constant(476.0, 35.4, 4.0) == pytest.approx(expected_mm / 2)
    with pytest.raises(ValueError, match="diameter"):
        ct.length_constant(-1.0, 35.4, 1.0)
    with pytest.raises(ValueError, match="g_m"):
        ct.length_constant(476.0, 35.4, 0.0)


def _bvp_profile(lam_mm, r_a_ohm_per_mm, current_na, length_mm, far_end):
    """V(x) of lambda^2 V'' = V with -V'(0)/r_a = I and a sealed or clamped far end, solved numerically."""
    x = np.linspace(0.0, length_mm, 201)

    def rhs(x, y):
        return np.vstack([y[1], y[0] / lam_mm**2])

    def bc(ya, yb):
        far = yb[1] if far_end == "sealed" else yb[0]
        return np.array([-ya[1] / r_a_ohm_per_mm * 1e6 - current_na, far])  # -dV/dx = I r_a; nA x ohm = 1e-6 mV

    sol = solve_bvp(rhs, bc, x, np.zeros((2, x.size)), tol=1e-10, max_nodes=100_000)
    assert sol.success
    return sol


@pytest.mark.parametrize("far_end", ["sealed", "clamped"])
@pytest.mark.parametrize("length", [2.0, 10.0])
def test_steady_voltage_matches_a_numerical_boundary_value_solution(far_end, length):
    lam = ct.length_constant(476.0, 35.4, 1.0)
    r_a_per_mm = ct.axial_resistance_per_length(476.0, 35.4) / 10.0
    sol = _bvp_profile(lam, r_a_per_mm, 1.0, length, far_end)
    x = np.linspace(0.0, length, 21)
    numeric = sol.sol(x)[0]
    exact = ct.steady_voltage(x, 1.0, 476.0, 35.4, 1.0, length=length, far_end=far_end)
    assert np.allclose(exact, numeric, rtol=1e-6, atol=1e-9 * abs(numeric[0]))
    assert exact[0] == pytest.approx(ct.input_resistance(476.0, 35.4, 1.0, length, far_end), rel=1e-12)


def test_input_resistances_order_and_limits():
    r_inf = ct.input_resistance(476.0, 35.4, 1.0)
    r_a = ct.axial_resistance_per_length(476.0, 35.4)
    r_m = ct.membrane_resistance_per_length(476.0, 1.0)
    assert r_inf == pytest.approx(math.sqrt(r_a * r_m) / 1e6)
    lam = ct.length_constant(476.0, 35.4, 1.0)
    sealed = ct.input_resistance(476.0, 35.4, 1.0, lam, "sealed")
    clamped = ct.input_resistance(476.0, 35.4, 1.0, lam, "clamped")
    assert sealed == pytest.approx(r_inf / math.tanh(1.0)) and clamped == pytest.approx(r_inf * math.tanh(1.0))
    assert clamped < r_inf < sealed
    assert ct.input_resistance(476.0, 35.4, 1.0, 20 * lam) == pytest.approx(r_inf, rel=1e-12)
    assert ct.input_resistance(476.0, 35.4, 1.0, injection="middle") == pytest.approx(r_inf / 2)
    # a very short sealed cable is a sphere-like isopotential compartment: R = 1/(g_m * area)
    short = 1e-3 * lam
    area_cm2 = math.pi * 476e-4 * short * 0.1
    assert ct.input_resistance(476.0, 35.4, 1.0, short) == pytest.approx(1.0 / (1e-3 * area_cm2) / 1e6, rel=1e-5)


def test_steady_voltage_semi_infinite_is_exponential():
    lam = ct.length_constant(10.0, 100.0, 0.3)
    x = np.array([0.0, lam, 2 * lam])
    v = ct.steady_voltage(x, 0.1, 10.0, 100.0, 0.3)
    assert v[1] / v[0] == pytest.approx(math.exp(-1)) and v[2] / v[0] == pytest.approx(math.exp(-2))
    with pytest.raises(ValueError, match="x"):
        ct.steady_voltage(3.0, 0.1, 10.0, 100.0, 0.3, length=2.0)


def test_charging_infinite_is_erf_at_the_site_and_solves_the_cable_equation():
    t = np.array([0.1, 0.5, 1.0, 3.0])
    assert np.allclose(ct.charging_infinite(t), special.erf(np.sqrt(t)), rtol=1e-12)
    assert ct.charging_infinite(1.0) > 1 - math.exp(-1.0)  # faster at first than an isopotential patch
    assert ct.charging_infinite(0.0, 0.5) == 0.0
    assert ct.charging_infinite(1e4, 1.5) == pytest.approx(math.exp(-1.5), rel=1e-9)
    # the PDE V_T = V_XX - V at interior points, by central differences
    h = 1e-3
    for big_t, big_x in [(0.3, 0.4), (1.0, 1.0), (2.0, 3.0)]:
        v_t = (ct.charging_infinite(big_t + h, big_x) - ct.charging_infinite(big_t - h, big_x)) / (2 * h)
        v_xx = (ct.charging_infinite(big_t, big_x + h) - 2 * ct.charging_infinite(big_t, big_x)
                + ct.charging_infinite(big_t, big_x - h)) / h**2
        assert v_t == pytest.approx(v_xx - ct.charging_infinite(big_t, big_x), abs=1e-5)
    far = ct.charging_infinite(np.array([0.01, 1.0, 50.0]), 40.0)
    assert np.all(np.isfinite(far)) and np.all(far >= 0) and far[-1] < 1e-15


def test_charging_sealed_limits():
    t = np.array([0.2, 1.0, 2.0])
    # a long cable: the infinite solution
    assert np.allclose(ct.charging_sealed(t, 0.0, 20.0), ct.charging_infinite(t), atol=2e-4)
    assert np.allclose(ct.charging_sealed(t, 0.7, 20.0), ct.charging_infinite(t, 0.7), atol=2e-4)
    # a very short cable: one isopotential compartment
    assert np.allclose(ct.charging_sealed(t, 0.0, 0.05), -np.expm1(-t), atol=2e-3)
    # the end state: cosh(L - X) / cosh(L)
    assert ct.charging_sealed(40.0, 0.6, 1.0) == pytest.approx(math.cosh(0.4) / math.cosh(1.0), rel=1e-9)
    ratios = ct.equalizing_time_constants(1.0, 3)
    assert ratios[0] == 1.0 and ratios[1] == pytest.approx(1 / (1 + math.pi**2))


def test_travelling_wave_constant_of_hodgkin_and_huxley():
    # HH 1952: a = 238 um, R_2 = 35.4 ohm cm, C = 1 uF/cm2; theta = 18.76 m/s gives K = 10.47 /ms
    assert ct.travelling_wave_constant(18.76, 476.0, 35.4) == pytest.approx(10.47, abs=0.01)
    k = ct.travelling_wave_constant(12.3, 200.0, 50.0, 1.5)
    assert ct.velocity_from_constant(k, 200.0, 50.0, 1.5) == pytest.approx(12.3)
    assert ct.velocity_from_constant(10.47, 4 * 476.0, 35.4) / ct.velocity_from_constant(10.47, 476.0, 35.4) == \
        pytest.approx(2.0)
    assert ct.spike_length(20.0, 2.0) == 40.0


def test_local_circuit_currents_of_a_known_profile():
    # V = A sin(k x): axial current -(A k / r_i) cos(k x); membrane current (d/4R_i)(-A k^2) sin(k x)
    x = np.linspace(0.0, 20.0, 4001)  # mm
    k = 2 * np.pi / 10.0  # 1/mm
    v = 30.0 * np.sin(k * x)
    r_a = ct.axial_resistance_per_length(476.0, 35.4)  # ohm/cm
    axial = ct.axial_current(x, v, 476.0, 35.4)
    expected_axial = -(30.0 * k * 10.0) * np.cos(k * x) / r_a * 1e3  # (mV/cm)/(ohm/cm) = mA -> uA
    assert np.allclose(axial[5:-5], expected_axial[5:-5], rtol=1e-4, atol=1e-6 * np.max(abs(expected_axial)))
    membrane = ct.membrane_current_density(x, v, 476.0, 35.4)
    expected = 476e-4 / (4 * 35.4) * (-30.0 * (k * 10.0) ** 2) * np.sin(k * x) * 1e3
    assert np.allclose(membrane[5:-5], expected[5:-5], atol=1e-3 * np.max(abs(expected)))
    # charge conservation: what leaves the core per unit length enters the membrane
    slope = -np.gradient(axial, x * 0.1) / (np.pi * 476e-4)
    assert np.allclose(slope[10:-10], membrane[10:-10], atol=1e-3 * np.max(abs(expected)))
    with pytest.raises(ValueError, match="x must increase"):
        ct.axial_current(x[::-1], v, 476.0, 35.4)
