"""Eyring rates, the MWC channel and the cooperative subunit scheme (excitable.gating)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.constants import R, h, k
from scipy.linalg import expm

from excitable import gating


def test_eyring_rate_matches_the_transition_state_formula():
    v, delta_g, charge, celsius = 20.0, 55.0, 0.8, 10.0
    temperature = celsius + 273.15
    expected = k * temperature / h * np.exp(-delta_g * 1e3 / (R * temperature)) \
        * np.exp(charge * 96485.33212 * v * 1e-3 / (R * temperature)) * 1e-3
    assert gating.eyring_rate(v, delta_g, charge, celsius) == pytest.approx(expected, rel=1e-8)


def test_eyring_rate_changes_e_fold_per_rt_over_zf():
    # One e-fold of rate per RT/(zF) of voltage: about 24 mV per elementary charge at 6.3 °C.
    slope_voltage = 1e3 * R * (6.3 + 273.15) / 96485.33212
    ratio = gating.eyring_rate(slope_voltage, 50.0, 1.0) / gating.eyring_rate(0.0, 50.0, 1.0)
    assert ratio == pytest.approx(np.e, rel=1e-8)


def test_eyring_barrier_inverts_the_rate():
    barrier = gating.eyring_barrier(0.3, celsius=15.0)
    assert gating.eyring_rate(0.0, barrier, 0.0, celsius=15.0) == pytest.approx(0.3, rel=1e-12)
    assert 45.0 < barrier < 65.0  # a 1/ms process needs a barrier of ~50 kJ/mol (k_B T/h ~ 6e9 /ms)


def test_eyring_rejects_overflow_and_bad_kappa():
    with pytest.raises(ValueError, match="overflows"):
        gating.eyring_rate(1000.0, -2000.0, 10.0)
    with pytest.raises(ValueError, match="kappa"):
        gating.eyring_rate(0.0, 50.0, 1.0, kappa=2.0)


def test_mwc_limits():
    # Fully activated sensors: P = l0 c^N / (1 + l0 c^N); all resting: P = l0 / (1 + l0).
    l0, c, n = 1e-4, 20.0, 4
    assert gating.mwc_open_probability(200.0, n, l0=l0, coupling=c) == pytest.approx(l0 * c**n / (1 + l0 * c**n))
    assert gating.mwc_open_probability(-300.0, n, l0=l0, coupling=c) == pytest.approx(l0 / (1 + l0), rel=1e-3)


@given(st.floats(-300, 300))
def test_mwc_is_a_probability_and_increases_with_voltage(v):
    p = gating.mwc_open_probability(np.array([v, v + 1.0]))
    assert np.all((p >= 0) & (p <= 1))
    assert p[1] >= p[0]


def test_independent_subunits_give_n_to_the_power_n():
    t = np.linspace(0.0, 10.0, 51)
    alpha, beta = 0.6, 0.15
    for n_subunits in (1, 3, 4):
        open_probability = gating.subunit_open_probability(t, alpha, beta, n_subunits, coupling=1.0)
        assert np.allclose(open_probability, gating.clamp_step(0.0, alpha, beta, t) ** n_subunits, atol=1e-12)


def test_cooperative_scheme_agrees_with_scipy_expm():
    q = gating.subunit_generator(0.4, 0.2, 4, coupling=3.0)
    assert np.allclose(q.sum(axis=1), 0.0)
    for t in (0.3, 2.0, 7.0):
        expected = expm(q * t)[0, -1]
        assert gating.subunit_open_probability(t, 0.4, 0.2, 4, 3.0) == pytest.approx(expected, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 10), st.floats(0.01, 10), st.integers(1, 6), st.floats(0.05, 20), st.floats(0, 50))
def test_cooperative_open_probability_is_a_probability(alpha, beta, n_subunits, coupling, t):
    p = gating.subunit_open_probability(t, alpha, beta, n_subunits, coupling)
    assert 0.0 <= p <= 1.0


def test_subunit_scheme_rejects_bad_input():
    with pytest.raises(ValueError, match="coupling"):
        gating.subunit_generator(1.0, 1.0, 4, coupling=0.0)
    with pytest.raises(ValueError, match="start"):
        gating.subunit_open_probability(1.0, 1.0, 1.0, 2, start=[0.5, 0.2, 0.2])
