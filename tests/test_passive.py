"""The passive RC membrane (excitable.passive) against the simulator."""

import numpy as np
import pytest

from excitable import hh, passive, stimuli


@pytest.mark.parametrize("c_m, g_l", [(1.0, 0.3), (2.0, 1.0), (0.5, 0.05)])
def test_simulated_rc_membrane_follows_the_exponential(c_m, g_l):
    params = passive.passive_params(c_m, g_l)
    result = hh.simulate(stimuli.pulse(2.0, 5.0, 30.0), t_stop=80.0, params=params)
    exact = passive.step_response(result.t, 2.0, 5.0, 30.0, c_m, g_l)
    assert np.max(np.abs(result.v - exact)) < 1e-6


def test_time_constant_is_c_over_g():
    assert passive.membrane_time_constant(1.0, 0.3) == pytest.approx(1.0 / 0.3)
    t = np.array([5.0 + passive.membrane_time_constant(1.0, 0.3)])
    v = passive.step_response(t, 3.0, 5.0, 100.0)
    assert v[0] - (-65.0) == pytest.approx(10.0 * (1 - np.exp(-1)))
    with pytest.raises(ValueError, match="g_l"):
        passive.membrane_time_constant(1.0, 0.0)
