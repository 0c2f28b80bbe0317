"""Fixed points, the Jacobian and the Hopf bifurcations."""

import numpy as np
import pytest

from excitable import dynamics, hh


def _rhs(state, i_app, p=hh.STANDARD):
    return hh.derivatives(state, p, i_app)


@pytest.mark.parametrize("i_app", [0.0, 9.0, 50.0])
def test_fixed_point_is_a_zero_of_the_vector_field(i_app):
    fp = dynamics.fixed_point(i_app)
    assert np.allclose(_rhs((fp.v, fp.m, fp.h, fp.n), i_app), 0.0, atol=1e-9)


@pytest.mark.parametrize("params", [hh.STANDARD, hh.STANDARD.replace(celsius=30.0, g_na=60.0, g_k=9.0),
                                    hh.STANDARD.replace(inactivation=False)], ids=["standard", "warm-drugs", "pronase"])
def test_jacobian_matches_finite_differences_of_the_vector_field(params):
    # hh.derivatives is the model's one right-hand side; the analytic Jacobian must be its derivative.
    h = 0.4 if params.inactivation else 1.0
    state = np.array([-50.0, 0.2, h, 0.45])
    eps = 1e-6
    numeric = np.column_stack([(_rhs(state + eps * e, 3.0, params) - _rhs(state - eps * e, 3.0, params)) / (2 * eps)
                               for e in np.eye(4)])
    assert np.allclose(dynamics.jacobian(*state, params), numeric, rtol=1e-6, atol=1e-8)


def test_rest_is_stable_and_strong_currents_destabilize_it():
    assert dynamics.fixed_point(0.0).stable
    assert not dynamics.fixed_point(50.0).stable
    assert dynamics.fixed_point(200.0).stable


def test_hopf_points_have_a_purely_imaginary_pair():
    for current in dynamics.hopf_currents():
        eigenvalues = dynamics.fixed_point(current).eigenvalues
        pair = eigenvalues[np.abs(eigenvalues.imag) > 1e-6]
        assert pair.size == 2 and np.allclose(pair.real, 0.0, atol=1e-7)


def test_without_inactivation_h_is_not_a_variable():
    # After pronase h is held at 1: the steady state must use h = 1 (not h_inf), and its
    # stability must come from the three dynamic variables (V, m, n), with no spurious zero eigenvalue.
    pronase = hh.STANDARD.replace(inactivation=False)
    rest = hh.resting_potential(pronase)
    point = dynamics.steady_state_at(rest, pronase)
    assert point.h == 1.0
    assert point.eigenvalues.shape == (3,)
    assert np.all(np.abs(point.eigenvalues) > 1e-6)
    assert abs(point.i_app) < 1e-9
    jac = dynamics.jacobian(point.v, point.m, point.h, point.n, pronase)
    assert not jac[2].any()
    reduced = jac[np.ix_([0, 1, 3], [0, 1, 3])]
    assert np.allclose(np.sort_complex(np.linalg.eigvals(reduced)), np.sort_complex(point.eigenvalues))


def test_steady_state_at_matches_fixed_point():
    point = dynamics.fixed_point(5.0)
    again = dynamics.steady_state_at(point.v)
    assert again.i_app == pytest.approx(5.0, abs=1e-8)
    assert np.allclose(np.sort_complex(again.eigenvalues), np.sort_complex(point.eigenvalues))
