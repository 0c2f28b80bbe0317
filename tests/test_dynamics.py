"""Fixed points, the Jacobian and the Hopf bifurcations."""

import numpy as np
import pytest

from excitable import dynamics, hh, stimuli


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


# --- eigenmodes, limit cycles, continuation (chapter 4) ------------------------------------------------

def test_eigenmodes_satisfy_the_eigen_equation_and_predict_a_small_kick():
    modes = dynamics.linear_modes(0.0)
    p = modes.point
    jac = dynamics.jacobian(p.v, p.m, p.h, p.n)
    for k, value in enumerate(modes.eigenvalues):
        assert np.allclose(jac @ modes.eigenvectors[:, k], value * modes.eigenvectors[:, k], atol=1e-10)
    # a 0.01 mV kick: the linear response must match the simulated one to 1 % of the kick
    kick = 0.01
    run = hh.simulate(None, 40.0, 0.005, v0=p.v + kick, gates0=(p.m, p.h, p.n))
    linear = modes.response(run.t, [kick, 0.0, 0.0, 0.0])[0]
    assert np.max(np.abs((run.v - p.v) - linear)) < 0.01 * kick
    terms = modes.mode_responses(run.t, [kick, 0.0, 0.0, 0.0])
    assert np.allclose(sum(term for _, term in terms), modes.response(run.t, [kick, 0.0, 0.0, 0.0]))
    assert len(terms) == 3  # two real modes and one complex pair, merged


def test_ringing_is_the_complex_pair_and_a_slower_real_mode_exists():
    real, frequency = dynamics.ringing(0.0)
    values = dynamics.fixed_point(0.0).eigenvalues
    pair = values[values.imag > 0][0]
    assert real == pytest.approx(pair.real) and frequency == pytest.approx(pair.imag / (2 * np.pi) * 1000)
    slowest_real = values[np.abs(values.imag) < 1e-12].real.max()
    assert real < slowest_real < 0  # the final approach to rest is the real mode's, monotonic
    # the real part crosses zero exactly at the lower Hopf current
    lower = dynamics.hopf_currents()[0]
    assert dynamics.ringing(lower - 0.01)[0] < 0 < dynamics.ringing(lower + 0.01)[0]


def test_limit_cycle_matches_simulation_and_published_period():
    cycle = dynamics.limit_cycle(8.0)
    # Hendrick (2026) encloses the period at 8 µA/cm² in [16.00771280383, 16.00771280384] ms
    assert cycle.period == pytest.approx(16.0077128038, abs=1e-6)
    assert cycle.stable and np.min(np.abs(cycle.multipliers - 1.0)) < 1e-4
    run = hh.simulate(stimuli.step(8.0), 300.0, 0.005, v0=cycle.v[0], gates0=(cycle.m[0], cycle.h[0], cycle.n[0]),
                      spike_threshold=-30.0)
    assert np.mean(np.diff(run.spike_times)) == pytest.approx(cycle.period, abs=2e-3)
    assert cycle.v.max() == pytest.approx(run.v.max(), abs=0.5)


def test_unstable_cycles_are_born_at_the_subcritical_hopf():
    cycles = dynamics.cycles_from_hopf(9.6, max_cycles=3)
    assert len(cycles) >= 2
    lower = dynamics.hopf_currents()[0]
    first = cycles[0]
    assert first.i_app < lower and not first.stable
    assert np.abs(first.nontrivial_multipliers).max() > 1.0
    omega = dynamics.fixed_point(lower).eigenvalues.imag.max()
    assert first.period == pytest.approx(2 * np.pi / omega, rel=0.01)  # a small cycle keeps the linear period
    amplitudes = [c.v.max() - c.v.min() for c in cycles]
    assert amplitudes == sorted(amplitudes)  # they grow away from the Hopf


def test_continuation_turns_at_the_fold_of_limit_cycles():
    branch = dynamics.cycle_branch(6.6, max_points=14, step_size=0.2)
    assert branch.fold_current == pytest.approx(6.2603, abs=2e-3)  # Rinzel & Miller 1980; Hendrick 2026
    k = int(np.argmin(branch.i_app))
    assert branch.stable[0] and not branch.stable[-1]
    assert branch.period[-1] > branch.period[k] > branch.period[0]


def test_rest_and_firing_coexist_between_the_fold_and_the_hopf():
    cycle = dynamics.limit_cycle(8.0)
    currents = [5.0, 8.0, 12.0]
    points = [dynamics.fixed_point(i) for i in currents]  # rest adapted to each current (a slow ramp's end)
    from_rest = dynamics.attractor_scan(currents, t_stop=300.0, v0=np.array([p.v + 0.5 for p in points]),
                                        gates0=tuple(np.array([getattr(p, g) for p in points]) for g in "mhn"))
    from_cycle = dynamics.attractor_scan(currents, t_stop=300.0, v0=cycle.v[0],
                                         gates0=(cycle.m[0], cycle.h[0], cycle.n[0]))
    assert list(from_rest.firing) == [False, False, True]
    assert list(from_cycle.firing) == [False, True, True]
    assert from_cycle.rate_hz[1] == pytest.approx(cycle.frequency_hz, rel=1e-3)
