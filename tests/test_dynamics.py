"""Fixed points, the Jacobian and the Hopf bifurcations."""

import numpy as np
import pytest

from excitable import dynamics, gating, hh


def _rhs(state, i_app, p=hh.STANDARD):
    v, m, h, n = state
    dv = (i_app - p.g_na * m**3 * h * (v - p.e_na) - p.g_k * n**4 * (v - p.e_k) - p.g_l * (v - p.e_l)) / p.c_m
    gates = [p.phi * (a(v) * (1 - x) - b(v) * x) for x, (a, b) in zip((m, h, n), gating.RATES.values())]
    return np.array([dv, *gates])


@pytest.mark.parametrize("i_app", [0.0, 9.0, 50.0])
def test_fixed_point_is_a_zero_of_the_vector_field(i_app):
    fp = dynamics.fixed_point(i_app)
    assert np.allclose(_rhs((fp.v, fp.m, fp.h, fp.n), i_app), 0.0, atol=1e-9)


def test_jacobian_matches_finite_differences_of_the_vector_field():
    state = np.array([-50.0, 0.2, 0.4, 0.45])
    eps = 1e-6
    numeric = np.column_stack([(_rhs(state + eps * e, 3.0) - _rhs(state - eps * e, 3.0)) / (2 * eps)
                               for e in np.eye(4)])
    assert np.allclose(dynamics.jacobian(*state), numeric, rtol=1e-6, atol=1e-8)


def test_rest_is_stable_and_strong_currents_destabilize_it():
    assert dynamics.fixed_point(0.0).stable
    assert not dynamics.fixed_point(50.0).stable
    assert dynamics.fixed_point(200.0).stable


def test_hopf_points_have_a_purely_imaginary_pair():
    for current in dynamics.hopf_currents():
        eigenvalues = dynamics.fixed_point(current).eigenvalues
        pair = eigenvalues[np.abs(eigenvalues.imag) > 1e-6]
        assert pair.size == 2 and np.allclose(pair.real, 0.0, atol=1e-7)
