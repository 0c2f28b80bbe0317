"""Fits of clamp records (excitable.fitting) and the gating chapter's validated numbers."""

import numpy as np
import pytest

from excitable import fitting, gating, hh
from excitable.validation import gating as validation


def test_power_onset_fit_recovers_known_parameters():
    t = np.linspace(0.0, 12.0, 600)
    g = fitting.power_onset(t, 20.0, 1.7, 3.0)
    fit = fitting.fit_power_onset(t, g)
    assert (fit.g_inf, fit.tau, fit.exponent) == pytest.approx((20.0, 1.7, 3.0), rel=1e-6)


def test_k_conductance_from_a_deep_holding_potential_fits_exponent_four():
    clamp = hh.voltage_clamp([(0.0, 10.0)], holding=-150.0, dt=0.01)
    fit = fitting.fit_power_onset(clamp.t, clamp.g_k)
    assert fit.exponent == pytest.approx(4.0, abs=0.01)
    assert fit.tau == pytest.approx(gating.hh_tau("n", 0.0), rel=2e-3)


def test_a_nonzero_start_lowers_the_fitted_exponent():
    exponents = [fitting.fit_power_onset(*_record(hold)).exponent for hold in (-120.0, -100.0, -80.0)]
    assert exponents[0] > exponents[1] > exponents[2]


def _record(holding):
    clamp = hh.voltage_clamp([(0.0, 10.0)], holding=holding, dt=0.01)
    return clamp.t, clamp.g_k


def test_gate_fit_recovers_n_start_steady_state_and_tau_exactly():
    t, g = _record(-100.0)
    fit = fitting.fit_gate_record(t, g, g_bar=36.0, exponent=4.0)
    assert fit.x0 == pytest.approx(gating.hh_x_inf("n", -100.0), abs=1e-6)
    assert fit.x_inf == pytest.approx(gating.hh_x_inf("n", 0.0), rel=1e-6)
    assert fit.tau == pytest.approx(gating.hh_tau("n", 0.0), rel=1e-6)


def test_rate_inversion_is_exact():
    v = np.linspace(-80.0, 40.0, 7)
    alpha, beta = gating.alpha_n(v), gating.beta_n(v)
    a, b = fitting.rates_from_gate(alpha / (alpha + beta), 1.0 / (alpha + beta))
    assert np.allclose(a, alpha) and np.allclose(b, beta)


def test_extraction_from_noisy_records_is_close_and_reproducible():
    v = np.array([-40.0, -10.0, 20.0, 50.0])
    runs = [fitting.extract_k_rates(v, noise_sd=0.2, rng=np.random.default_rng(7)) for _ in range(2)]
    assert np.array_equal(runs[0].alpha, runs[1].alpha)
    assert np.allclose(runs[0].alpha, gating.alpha_n(v), rtol=0.05)
    assert np.allclose(runs[0].beta, gating.beta_n(v), rtol=0.15)


def test_extraction_scales_with_temperature():
    warm = hh.STANDARD.replace(celsius=16.3)
    ex = fitting.extract_k_rates([0.0], params=warm)
    assert ex.alpha[0] == pytest.approx(3.0 * gating.alpha_n(0.0), rel=1e-5)


def test_eyring_fit_recovers_its_own_parameters():
    v = np.linspace(-80.0, 40.0, 9)
    rate = gating.eyring_rate(v, 52.0, 0.9, celsius=6.3)
    fit = fitting.fit_eyring(v, rate)
    assert (fit.delta_g, fit.charge) == pytest.approx((52.0, 0.9), rel=1e-9)


def test_bad_inputs_name_the_parameter():
    with pytest.raises(ValueError, match="rng"):
        fitting.noisy_record(np.zeros(5), 0.1, rng=42)
    with pytest.raises(ValueError, match="rng"):
        fitting.extract_k_rates([0.0], noise_sd=0.1)
    with pytest.raises(ValueError, match="x_inf"):
        fitting.rates_from_gate(1.5, 1.0)
    with pytest.raises(ValueError, match="equal length"):
        fitting.fit_power_onset(np.arange(5.0), np.arange(4.0))


def test_validated_values_are_pinned():
    values = validation.compute()
    assert values["tau_m_at_rest_ms"] == pytest.approx(0.2368, abs=5e-4)
    assert values["tau_h_at_rest_ms"] == pytest.approx(8.516, abs=2e-3)
    assert values["tau_n_at_rest_ms"] == pytest.approx(5.459, abs=2e-3)
    assert values["fitted_k_exponent"] == pytest.approx(3.835, abs=0.01)
    for key, ref in validation.REFERENCES.items():
        assert abs(values[key] - ref.published) <= ref.tolerance, key
