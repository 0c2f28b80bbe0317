"""The (V, n) reduction and FitzHugh–Nagumo: nullclines, fixed points and their stability."""

import numpy as np
import pytest

from excitable import dynamics, gating, hh, phase_plane


@pytest.fixture(scope="module")
def reduction():
    return phase_plane.fitted_reduction().reduction


def test_fit_recovers_a_known_slope():
    rest = phase_plane.Reduction(0.0).rest
    n = np.linspace(0.3, 0.7, 20)
    h = rest[2] - 1.3 * (n - rest[1])
    assert phase_plane.fit_h_slope(n, h) == pytest.approx(1.3)


def test_the_fitted_line_follows_the_spike_closely():
    fitted = phase_plane.fitted_reduction()
    assert 0.8 < fitted.reduction.slope < 1.6
    assert fitted.rms_error < 0.03
    assert fitted.rms_error < 0.3 * np.std(fitted.h)


def test_reduced_field_is_the_full_field_on_the_reduction(reduction):
    v, n = -55.0, 0.4
    m = gating.hh_x_inf("m", v)
    full = hh.derivatives((v, m, reduction.h(n), n), hh.STANDARD, 3.0)
    dv, dn = phase_plane.reduced_derivatives(v, n, reduction, 3.0)
    assert dv == pytest.approx(full[0]) and dn == pytest.approx(full[3])


def test_jacobian_is_the_chain_rule_of_the_full_jacobian(reduction):
    v, n = -60.0, 0.35
    m = float(gating.hh_x_inf("m", v))
    h = float(reduction.h(n))
    full = dynamics.jacobian(v, m, h, n)
    dm_dv = (gating.hh_x_inf("m", v + 1e-6) - gating.hh_x_inf("m", v - 1e-6)) / 2e-6
    chain = np.array([[full[0, 0] + full[0, 1] * dm_dv, full[0, 3] - reduction.slope * full[0, 2]],
                      [full[3, 0] + full[3, 1] * dm_dv, full[3, 3] - reduction.slope * full[3, 2]]])
    assert np.allclose(phase_plane.reduced_jacobian(v, n, reduction), chain, rtol=1e-5, atol=1e-7)


def test_nullclines_and_the_resting_fixed_point(reduction):
    v = np.linspace(-80.0, 20.0, 41)
    n = phase_plane.v_nullcline(v, reduction)
    ok = ~np.isnan(n)
    assert ok.sum() > 30
    assert np.allclose(phase_plane.reduced_derivatives(v[ok], n[ok], reduction)[0], 0.0, atol=1e-6)
    points = phase_plane.reduced_fixed_points(reduction, 0.0)
    assert len(points) == 1  # no saddle: the threshold is a quasi-threshold
    rest = points[0]
    assert rest.x == pytest.approx(hh.resting_potential(), abs=1e-6) and rest.stable
    assert phase_plane.reduced_fixed_points(reduction, 20.0)[0].stable is False


def test_fitzhugh_nagumo_fixed_point_and_its_hopf_currents():
    point = phase_plane.fitzhugh_nagumo_fixed_point(0.0)
    assert np.allclose(phase_plane.fitzhugh_nagumo_derivatives(point.x, point.y, 0.0), 0.0, atol=1e-12)
    low, high = phase_plane.fitzhugh_nagumo_hopf_currents()
    for current in (low, high):
        before = phase_plane.fitzhugh_nagumo_fixed_point(current - 1e-3)
        after = phase_plane.fitzhugh_nagumo_fixed_point(current + 1e-3)
        assert before.stable != after.stable
    assert phase_plane.fitzhugh_nagumo_fixed_point(0.5 * (low + high)).stable is False
    spikes = phase_plane.simulate_fitzhugh_nagumo(0.5 * (low + high), t_stop=300.0)
    assert spikes.x.max() > 1.5 and spikes.x[-500:].min() < -1.5  # relaxation oscillation
