"""HH with instantaneous gates (excitable.instantaneous)."""

import numpy as np
import pytest

from excitable import drugs, gating, hh, instantaneous, stimuli


@pytest.fixture(scope="module")
def pulse():
    return stimuli.pulse(10.0, 2.0, 1.0)


def test_no_instantaneous_gate_reproduces_the_hh_integrator(pulse):
    mine = instantaneous.simulate_instantaneous(pulse, 15.0, instantaneous=(), dt=0.01)
    reference = hh.simulate(pulse, t_stop=15.0, dt=0.01)
    assert np.max(np.abs(mine.v - reference.v)) < 0.5  # spike shape agrees; second-order integrator at dt 0.01
    assert mine.v.max() == pytest.approx(reference.v.max(), abs=0.05)


def test_full_model_honours_pronase_like_the_integrator(pulse):
    # After pronase h stays at 1, so the spike does not repolarize: V plateaus near +24.5 mV. A copy of the
    # equations that forgot pronase let h fall to 0.07 and V return to -65 mV.
    params = drugs.apply(pronase=True)
    mine = instantaneous.simulate_instantaneous(pulse, 30.0, instantaneous=(), params=params, dt=0.01)
    reference = hh.simulate(pulse, t_stop=30.0, dt=0.01, params=params)
    assert np.all(mine.h == 1.0)
    assert mine.v[-1] == pytest.approx(reference.v[-1], abs=0.05)
    assert mine.v[-1] > 20.0
    assert np.max(np.abs(mine.v - reference.v)) < 0.5


def test_instantaneous_gates_follow_the_membranes_steady_state(pulse):
    r = instantaneous.simulate_instantaneous(pulse, 10.0, instantaneous=("m",), dt=0.05)
    assert np.allclose(r.m, gating.hh_x_inf("m", r.v))
    assert r.v.max() > 0.0  # the spike survives instantaneous activation
    held = instantaneous.simulate_instantaneous(pulse, 10.0, instantaneous=("m", "h"), dt=0.05,
                                                params=drugs.apply(pronase=True))
    assert np.all(held.h == 1.0)  # an instantaneous h after pronase is still 1


def test_fast_potassium_abolishes_the_spike(pulse):
    assert instantaneous.simulate_instantaneous(pulse, 10.0, instantaneous=("m", "n"), dt=0.05).v.max() < -40.0


def test_rejects_unknown_gates():
    with pytest.raises(ValueError, match="instantaneous"):
        instantaneous.simulate_instantaneous(None, 5.0, instantaneous=("q",))
