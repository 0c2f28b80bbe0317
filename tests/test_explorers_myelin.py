"""The myelin explorer against the package: its velocity, thinning and a lesion; every control end is finite."""

import numpy as np
import pytest

from excitable import cable
from excitable.explorers.myelin import LESION_START, MyelinExplorer


@pytest.fixture(scope="module")
def explorer():
    return MyelinExplorer()


def test_default_is_the_moore_axon_and_its_velocity(explorer):
    explorer.set(internode_length=2000.0, thickness=100.0, lesion_internodes=0)
    axon = cable.myelinated_axon()
    run = cable.simulate(axon, t_stop=8.0, dt=0.01, stimuli=[cable.Stimulus(0, 10.0, 0.2, 0.1)],
                         record=list(axon.nodes))
    expected = cable.conduction_velocity(run, start=run.x[5] - 1.0, stop=run.x[15] + 1.0)
    assert explorer.velocity == pytest.approx(expected, rel=0.01)
    assert explorer.verdict.highlight and "m/s" in explorer.verdict.text


def test_thinning_slows_then_blocks(explorer):
    explorer.set(thickness=100.0, lesion_internodes=0)
    normal = explorer.velocity
    explorer.set(thickness=50.0)
    assert explorer.velocity < normal
    block = cable.myelin_block_factor(xtol=0.5)
    explorer.set(thickness=float(np.floor(100.0 / (block + 1.0))))      # thinner than the block factor allows
    assert np.isnan(explorer.velocity) and "Blocked" in explorer.verdict.text
    explorer.set(thickness=100.0)


def test_a_lesion_stops_the_spike_where_it_starts(explorer):
    explorer.set(thickness=100.0, lesion_internodes=3, lesion_thickness=2.0)
    assert np.all(explorer.factors()[LESION_START:LESION_START + 3] == pytest.approx(50.0))
    assert explorer.last_node <= LESION_START + 1 and "Blocked" in explorer.verdict.text
    explorer.set(lesion_internodes=0)
    assert explorer.last_node == 20


@pytest.mark.parametrize("name", ["internode_length", "thickness", "lesion_internodes", "lesion_thickness"])
def test_every_control_end_is_finite(explorer, name):
    control = explorer.controls[name]
    for value in (control.min, control.max):
        explorer.set(**{name: value})
        assert np.all(np.isfinite(explorer.result.v))
        assert explorer.verdict.text
    explorer.set(internode_length=2000.0, thickness=100.0, lesion_internodes=0, lesion_thickness=10.0)
