"""HH with instantaneous gates (excitable.reduced)."""

import numpy as np
import pytest

from excitable import gating, hh, reduced, stimuli


@pytest.fixture(scope="module")
def pulse():
    return stimuli.pulse(10.0, 2.0, 1.0)


def test_no_instantaneous_gate_reproduces_the_hh_integrator(pulse):
    mine = reduced.simulate_instantaneous(pulse, 15.0, instantaneous=(), dt=0.01)
    reference = hh.simulate(pulse, t_stop=15.0, dt=0.01)
    assert np.max(np.abs(mine.v - reference.v)) < 0.5  # spike shape agrees; second-order integrator at dt 0.01
    assert mine.v.max() == pytest.approx(reference.v.max(), abs=0.05)


def test_instantaneous_gates_sit_on_their_steady_state(pulse):
    r = reduced.simulate_instantaneous(pulse, 10.0, instantaneous=("m",), dt=0.05)
    assert np.allclose(r.m, gating.gate_steady_state("m", r.v))
    assert r.v.max() > 0.0  # the spike survives instantaneous activation


def test_fast_potassium_abolishes_the_spike(pulse):
    assert reduced.simulate_instantaneous(pulse, 10.0, instantaneous=("m", "n"), dt=0.05).v.max() < -40.0


def test_rejects_unknown_gates():
    with pytest.raises(ValueError, match="instantaneous"):
        reduced.simulate_instantaneous(None, 5.0, instantaneous=("q",))
