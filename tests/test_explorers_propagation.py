"""The propagation explorer computes what the package computes, and no control position breaks it."""

import itertools

import numpy as np
import pytest

from excitable import cable
from excitable.explorers.propagation import PropagationExplorer


@pytest.fixture(scope="module")
def explorer():
    return PropagationExplorer()


def test_default_velocity_is_the_package_velocity(explorer):
    explorer.set(diameter=476.0, r_i=35.4, celsius=18.5, sodium=1.0, site=0.0)
    result = cable.simulate(explorer.axon(), explorer.t_stop, explorer.dt, [cable.Stimulus(0, 20_000.0, 0.5, 0.5)],
                            record_every=explorer.record_every)
    assert explorer.reached and explorer.velocity == pytest.approx(cable.conduction_velocity(result), rel=2e-3)
    assert 18.0 < explorer.velocity < 19.0
    assert "18.6 m/s" in explorer.verdict.text


def test_velocity_grows_as_the_square_root_of_the_diameter(explorer):
    explorer.set(diameter=238.0, r_i=35.4, celsius=18.5, sodium=1.0, site=0.0)
    thin = explorer.velocity
    explorer.set(diameter=952.0)
    assert explorer.velocity / thin == pytest.approx(2.0, rel=0.05)
    explorer.set(diameter=476.0)


def test_too_few_sodium_channels_block_and_a_middle_shock_runs_both_ways(explorer):
    explorer.set(diameter=476.0, r_i=35.4, celsius=18.5, sodium=0.1, site=0.0)
    assert not explorer.reached and "no propagation" in explorer.verdict.text
    explorer.set(sodium=1.0, site=0.5)
    arrival = cable.crossing_times(explorer.result)
    assert np.isfinite(arrival[0]) and np.isfinite(arrival[-1])
    middle = explorer.site_index()
    assert arrival[0] > arrival[middle] and arrival[-1] > arrival[middle]
    explorer.set(site=0.0)


def test_heat_blocks_conduction(explorer):
    explorer.set(diameter=476.0, r_i=35.4, celsius=35.0, sodium=1.0, site=0.0)
    assert not explorer.reached
    explorer.set(celsius=18.5)
    assert explorer.reached


def test_corners_give_finite_output_and_a_verdict(explorer):
    ends = {name: ([c.values[0], c.values[-1]] if hasattr(c, "include") else [c.min, c.max])
            for name, c in explorer.controls.items()}
    for values in itertools.product(*ends.values()):
        explorer.set(**dict(zip(ends, values)))
        assert explorer.image.value[:4] == b"\x89PNG"
        assert np.all(np.isfinite(explorer.result.v))
        assert "nan" not in explorer.verdict.text.lower()
    explorer.set(diameter=476.0, r_i=35.4, celsius=18.5, sodium=1.0, site=0.0)


def test_every_control_changes_the_figure(explorer):
    for name, control in explorer.controls.items():
        low, high = (control.values[0], control.values[-1]) if hasattr(control, "include") else (control.min,
                                                                                                    control.max)
        explorer.set(**{name: low})
        before = explorer.image.value
        explorer.set(**{name: high})
        assert explorer.image.value != before, name
    explorer.set(diameter=476.0, r_i=35.4, celsius=18.5, sodium=1.0, site=0.0)
