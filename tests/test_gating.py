"""Gating: HH rate functions, two-state gates and the temperature factor."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import exprel

from excitable import gating

VOLTAGES = st.floats(min_value=-200.0, max_value=200.0, allow_nan=False)


def test_singular_points_take_their_limits():
    # alpha_m = 0.1 (V+40)/(1-exp(-(V+40)/10)) -> 1 at V = -40; alpha_n -> 0.1 at V = -55.
    assert gating.alpha_m(-40.0) == pytest.approx(1.0, rel=1e-15)
    assert gating.alpha_n(-55.0) == pytest.approx(0.1, rel=1e-15)


def test_rates_match_the_textbook_formulas_away_from_the_singularity():
    v = np.linspace(-120.0, 60.0, 1001)
    v = v[(np.abs(v + 40) > 1e-3) & (np.abs(v + 55) > 1e-3)]
    assert np.allclose(gating.alpha_m(v), 0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10)), rtol=1e-12)
    assert np.allclose(gating.beta_m(v), 4 * np.exp(-(v + 65) / 18), rtol=1e-14)
    assert np.allclose(gating.alpha_h(v), 0.07 * np.exp(-(v + 65) / 20), rtol=1e-14)
    assert np.allclose(gating.beta_h(v), 1 / (1 + np.exp(-(v + 35) / 10)), rtol=1e-14)
    assert np.allclose(gating.alpha_n(v), 0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)), rtol=1e-12)
    assert np.allclose(gating.beta_n(v), 0.125 * np.exp(-(v + 65) / 80), rtol=1e-14)


def test_rates_agree_with_scipy_exprel_through_the_singularity():
    v = np.concatenate([-40 + np.linspace(-1e-6, 1e-6, 201), -55 + np.linspace(-1e-6, 1e-6, 201)])
    assert np.allclose(gating.alpha_m(v), 1 / exprel(-(v + 40) / 10), rtol=1e-14)
    assert np.allclose(gating.alpha_n(v), 0.1 / exprel(-(v + 55) / 10), rtol=1e-14)


def test_published_values_at_rest():
    # At -65 mV: m_inf = 0.0529, h_inf = 0.596, n_inf = 0.318 (e.g. Dayan & Abbott 2001, ch. 5).
    assert gating.hh_x_inf("m", -65.0) == pytest.approx(0.0529, abs=5e-4)
    assert gating.hh_x_inf("h", -65.0) == pytest.approx(0.596, abs=1e-3)
    assert gating.hh_x_inf("n", -65.0) == pytest.approx(0.318, abs=1e-3)


@given(VOLTAGES)
def test_steady_states_lie_in_the_unit_interval(v):
    for gate in "mhn":
        x = gating.hh_x_inf(gate, v)
        assert 0.0 <= x <= 1.0


@given(st.floats(0, 1), st.floats(1e-3, 10), st.floats(1e-3, 10), st.floats(0, 100))
def test_clamp_step_stays_in_unit_interval(x0, alpha, beta, t):
    assert 0.0 <= gating.clamp_step(x0, alpha, beta, t) <= 1.0


def test_clamp_step_solves_the_gate_equation():
    alpha, beta, x0 = 0.8, 0.2, 0.05
    t = np.linspace(0, 10, 2001)
    x = gating.clamp_step(x0, alpha, beta, t)
    derivative = np.gradient(x, t)
    assert x[0] == pytest.approx(x0)
    assert np.allclose(derivative[1:-1], alpha * (1 - x[1:-1]) - beta * x[1:-1], atol=1e-4)
    assert gating.clamp_step(x0, alpha, beta, 1e4) == pytest.approx(alpha / (alpha + beta))


def test_temperature_factor():
    assert gating.temperature_factor(6.3) == pytest.approx(1.0)
    assert gating.temperature_factor(16.3) == pytest.approx(3.0)
    assert gating.temperature_factor(26.3) == pytest.approx(9.0)
    # Both rates scale by the factor, so tau scales as its inverse and x_inf not at all.
    assert gating.hh_tau("n", -65, celsius=16.3) == pytest.approx(
        gating.hh_tau("n", -65) / 3)
    alpha, beta = gating.hh_rates("m", -30.0, celsius=26.3)
    assert alpha == pytest.approx(9.0 * gating.alpha_m(-30.0)) and beta == pytest.approx(9.0 * gating.beta_m(-30.0))
    assert alpha / (alpha + beta) == pytest.approx(gating.hh_x_inf("m", -30.0))


@pytest.mark.parametrize("call, name", [
    (lambda: gating.alpha_m(float("nan")), "v"),
    (lambda: gating.beta_n(np.array([0.0, np.inf])), "v"),
    (lambda: gating.steady_state(-1.0, 1.0), "alpha"),
    (lambda: gating.clamp_step(1.5, 1.0, 1.0, 1.0), "x0"),
    (lambda: gating.clamp_step(0.5, 1.0, 1.0, -1.0), "t"),
    (lambda: gating.temperature_factor(-300.0), "celsius"),
    (lambda: gating.hh_tau("q", -65), "gate"),
    (lambda: gating.hh_rates("m", -65, celsius=float("nan")), "celsius"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
