"""The excitability-dynamics explorers compute what the package computes, at every control position."""

import numpy as np
import pytest

from excitable import dynamics, phase_plane
from excitable.explorers import BifurcationExplorer, PhasePlaneExplorer


@pytest.fixture(scope="module")
def plane():
    return PhasePlaneExplorer()


@pytest.fixture(scope="module")
def bifurcation():
    return BifurcationExplorer()


def test_phase_plane_draws_the_package_nullcline_and_trajectory(plane):
    plane.set(i_app=4.0, kick=10.0)
    v, n = plane._artists["v_null"].get_data()
    assert np.allclose(n, phase_plane.v_nullcline(v, plane.reduction, 4.0), equal_nan=True)
    point = phase_plane.reduced_fixed_points(plane.reduction, 4.0)[0]
    assert plane.point.x == pytest.approx(point.x)
    assert plane.trajectory.x[0] == pytest.approx(point.x + 10.0)
    assert plane.full.v[0] == pytest.approx(dynamics.fixed_point(4.0).v + 10.0)


def test_phase_plane_separates_small_and_large_kicks(plane):
    plane.set(i_app=0.0, kick=1.0)
    assert "returns" in plane.verdict.text and "fires" not in plane.verdict.text
    plane.set(kick=20.0)
    assert plane.verdict.text.count("fires") == 2
    plane.set(i_app=12.0, kick=0.5)
    assert "unstable" in plane.verdict.text


def test_bifurcation_explorer_reports_the_three_regimes(bifurcation):
    bifurcation.set(i_app=5.0)
    assert "only rest" in bifurcation.verdict.text
    bifurcation.set(i_app=8.0)
    assert "bistable" in bifurcation.verdict.text
    bifurcation.set(i_app=20.0)
    assert "only firing" in bifurcation.verdict.text
    x, y = bifurcation._artists["eig"].get_data()
    values = dynamics.fixed_point(20.0).eigenvalues
    assert np.allclose(np.sort(x), np.sort(np.clip(values.real, -1.45, 0.95)))
    bifurcation.set(i_app=170.0)
    assert "only rest" in bifurcation.verdict.text


def test_every_position_is_finite(plane, bifurcation):
    for i_app in np.linspace(0.0, 20.0, 5):
        for kick in (0.0, 15.0, 30.0):
            plane.set(i_app=float(i_app), kick=kick)
            assert np.all(np.isfinite(plane.trajectory.x)) and "nan" not in plane.verdict.text
    for i_app in np.linspace(0.0, 180.0, 10):
        bifurcation.set(i_app=float(i_app))
        assert "nan" not in bifurcation.verdict.text
