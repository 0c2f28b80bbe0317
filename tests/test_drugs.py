"""Drugs: TTX and TEA block by one-site binding, pronase removes Na+ inactivation (h held at 1)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excitable import _membrane, analysis, drugs, gating, hh, stimuli

PULSE = stimuli.pulse(15.0, 2.0, 1.0)


def test_half_the_channels_are_blocked_at_the_dissociation_constant():
    assert drugs.ttx_unblocked_fraction(drugs.TTX_KD_NM) == pytest.approx(0.5)
    assert drugs.tea_unblocked_fraction(drugs.TEA_KD_MM) == pytest.approx(0.5)
    # Nine times K_d leaves one channel in ten.
    assert drugs.ttx_unblocked_fraction(9 * drugs.TTX_KD_NM) == pytest.approx(0.1)
    assert drugs.ttx_unblocked_fraction(0.0) == 1.0


def test_published_dissociation_constants():
    assert drugs.TTX_KD_NM == 1.0  # Hille 1968, frog node, about 1 nM
    assert drugs.TEA_KD_MM == 0.4  # Hille 1967, frog node, external TEA


@settings(max_examples=50, deadline=None)
@given(st.floats(0, 1e4), st.floats(0, 1e4))
def test_block_is_monotone_and_bounded(c1, c2):
    low, high = sorted((c1, c2))
    f_low, f_high = drugs.ttx_unblocked_fraction(low), drugs.ttx_unblocked_fraction(high)
    assert 0.0 < f_high <= f_low <= 1.0


def test_apply_scales_only_the_blocked_conductance():
    p = drugs.apply(hh.STANDARD, ttx_nM=3.0)
    assert p.g_na == pytest.approx(120.0 / 4.0)
    assert (p.g_k, p.g_l, p.e_na, p.inactivation) == (36.0, 0.3, 50.0, True)
    p = drugs.apply(hh.STANDARD, tea_mM=1.2)
    assert p.g_k == pytest.approx(36.0 / 4.0) and p.g_na == 120.0
    p = drugs.apply(hh.STANDARD, ttx_nM=1.0, tea_mM=0.4, pronase=True)
    assert (p.g_na, p.g_k, p.inactivation) == (pytest.approx(60.0), pytest.approx(18.0), False)
    assert drugs.apply() == hh.STANDARD
    # Pronase is irreversible: applying nothing later keeps inactivation removed.
    assert drugs.apply(p).inactivation is False


@pytest.mark.parametrize("call, name", [
    (lambda: drugs.apply(ttx_nM=-1.0), "ttx_nM"),
    (lambda: drugs.apply(tea_mM=float("nan")), "tea_mM"),
    (lambda: drugs.apply(pronase="yes"), "pronase"),
    (lambda: drugs.apply("standard"), "params"),
    (lambda: hh.STANDARD.replace(inactivation=1), "inactivation"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_describe_labels_the_combination():
    assert drugs.describe() == "control"
    assert drugs.describe(ttx_nM=3, pronase=True) == "TTX 3 nM + pronase"


def test_ttx_abolishes_the_spike_and_tea_prolongs_it():
    control = hh.simulate(PULSE, 30.0)
    ttx = hh.simulate(PULSE, 30.0, params=drugs.apply(ttx_nM=100.0))
    tea = hh.simulate(PULSE, 30.0, params=drugs.apply(tea_mM=0.4))
    assert analysis.fires(control)[0] and not analysis.fires(ttx)[0]
    width = [analysis.spike_half_width(r) for r in (control, tea)]
    assert width[1] > 1.1 * width[0]  # half the K+ channels blocked: a slower fall


def test_pronase_holds_h_at_one_in_current_clamp():
    params = drugs.apply(pronase=True)
    result = hh.simulate(PULSE, 30.0, params=params)
    assert np.all(result.h == 1.0)
    # Mixed batch: the control trace still inactivates.
    batch = hh.simulate_batch([PULSE, PULSE], 30.0, params=[hh.STANDARD, params])
    assert batch.h[0].min() < 0.2 and np.all(batch.h[1] == 1.0)
    assert np.array_equal(batch.v[1], result.v)
    # Whatever initial h is asked for, it is 1 without inactivation.
    assert np.all(hh.simulate(None, 5.0, params=params, v0=-65.0, gates0=(0.05, 0.3, 0.3)).h == 1.0)


def test_pronase_beyond_the_kinetics_table():
    # A huge current drives V past the table (250 mV), where the exact rates are used.
    params = drugs.apply(pronase=True)
    result = hh.simulate(stimuli.pulse(5e4, 1.0, 1.0), 3.0, dt=0.01, params=params)
    assert result.v.max() > _membrane.TABLE_RANGE[1]
    assert np.all(result.h == 1.0) and np.all(np.isfinite(result.v))


def test_kinetics_table_without_inactivation():
    table = _membrane.gate_tables(1.0, 0.025, False)
    assert np.all(table[:, 2] == 1.0) and np.all(table[:, 3] == 0.0)
    assert np.array_equal(table[:, [0, 1, 4, 5]], _membrane.gate_tables(1.0, 0.025)[:, [0, 1, 4, 5]])


def test_pronase_resting_potential_uses_h_equal_one():
    params = drugs.apply(pronase=True)
    rest = hh.resting_potential(params)
    m, n = gating.hh_x_inf("m", rest), gating.hh_x_inf("n", rest)
    net = 120.0 * m**3 * (rest - 50.0) + 36.0 * n**4 * (rest + 77.0) + 0.3 * (rest + 54.387)
    assert net == pytest.approx(0.0, abs=1e-9)
    # With h = 1 instead of 0.6 the resting Na+ current is larger, so rest is less negative.
    assert rest > hh.resting_potential() + 0.5
    assert np.ptp(hh.simulate(None, 20.0, params=params).v) < 1e-4


def test_pronase_sodium_current_does_not_decay_in_voltage_clamp():
    params = drugs.apply(pronase=True)
    clamp = hh.voltage_clamp([(0.0, 20.0)], holding=-65.0, params=params)
    assert np.all(clamp.h == 1.0)
    # g_Na rises to g_Na m_inf^3 and stays there (no inactivation).
    expected = 120.0 * gating.hh_x_inf("m", 0.0) ** 3
    assert clamp.g_na[-1] == pytest.approx(expected, rel=1e-9)
    control = hh.voltage_clamp([(0.0, 20.0)], holding=-65.0)
    assert control.g_na[-1] < 0.05 * control.g_na.max()


def test_ttx_graded_block_of_the_peak_clamp_current():
    # In voltage clamp the gates do not depend on g_Na, so the peak Na+ current scales exactly.
    control = hh.voltage_clamp([(0.0, 5.0)])
    for ttx in (0.5, 1.0, 5.0):
        blocked = hh.voltage_clamp([(0.0, 5.0)], params=drugs.apply(ttx_nM=ttx))
        assert blocked.i_na.min() / control.i_na.min() == pytest.approx(drugs.ttx_unblocked_fraction(ttx))


def test_strong_tea_moves_the_only_resting_state_far_above_minus_65_mV():
    # In the HH model the delayed rectifier carries much of the resting conductance.
    rests = [hh.resting_potential(drugs.apply(tea_mM=c)) for c in (0.0, 0.4, 2.0)]
    assert rests[0] == pytest.approx(-65.0, abs=0.01)
    assert rests[0] < rests[1] < -60.0 < -40.0 < rests[2]
    assert float(hh.steady_state_current(rests[2], drugs.apply(tea_mM=2.0))) == pytest.approx(0.0, abs=1e-9)


def test_batches_mixing_temperature_and_pronase_equal_single_runs():
    # Each (temperature, inactivation) pair gets its own kinetics table.
    params = [hh.STANDARD, drugs.apply(pronase=True), hh.STANDARD.replace(celsius=20.0),
              drugs.apply(hh.STANDARD.replace(celsius=20.0), pronase=True)]
    batch = hh.simulate_batch([PULSE], 20.0, 0.01, params)
    for k, p in enumerate(params):
        assert np.array_equal(batch.v[k], hh.simulate(PULSE, 20.0, 0.01, p).v)
    assert np.all(batch.h[[1, 3]] == 1.0) and batch.h[[0, 2]].min() < 0.3


def test_steady_states_hold_h_at_one_without_inactivation():
    v = np.linspace(-100.0, 50.0, 7)
    m, h, n = hh.gate_steady_states(v, drugs.apply(pronase=True))
    assert np.all(h == 1.0)
    assert np.array_equal(m, gating.hh_x_inf("m", v)) and np.array_equal(n, gating.hh_x_inf("n", v))
    assert np.array_equal(hh.gate_steady_states(v)[1], gating.hh_x_inf("h", v))


def test_every_thins_a_single_trace():
    result = hh.simulate(PULSE, 10.0)
    thin = result.every(4)
    assert np.array_equal(thin.t, result.t[::4]) and np.array_equal(thin.i_na, result.i_na[::4])
    with pytest.raises(ValueError, match="stride"):
        result.every(0)
    with pytest.raises(TypeError):
        hh.simulate_batch([PULSE, PULSE], 5.0).every(2)
