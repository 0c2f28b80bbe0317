"""Explorers of transport and homeostasis: they respond to every control, never break, and show the physics."""

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure

from excitable import electrochem, homeostasis
from excitable.explorers._base import Explorer
from excitable.explorers.homeostasis import CellVolumeExplorer, PumpLeakExplorer
from excitable.explorers.transport import MEMBRANE, PERMEABILITY, NernstPlanckExplorer
from excitable.homeostasis import HOUR, pump_change
from excitable.transport import ghk_flux, membrane_permeability


@pytest.fixture(scope="module")
def nernst_planck():
    return NernstPlanckExplorer()


@pytest.fixture(scope="module")
def pump_leak():
    return PumpLeakExplorer()


@pytest.fixture(scope="module")
def volume():
    return CellVolumeExplorer()


def _finite_text(explorer):
    text = explorer.verdict_label.value.lower()
    return "nan" not in text and "inf " not in text


@pytest.mark.parametrize("name", ["nernst_planck", "pump_leak", "volume"])
def test_explorers_share_the_base_class_and_show_a_figure(name, request):
    explorer = request.getfixturevalue(name)
    assert isinstance(explorer, Explorer)
    assert isinstance(explorer.figure, Figure)
    assert explorer.image.value[:4] == b"\x89PNG"


@pytest.mark.parametrize("control, value", [("v", 20.0), ("c_in", 50.0), ("c_out", 120.0), ("z", -1)])
def test_every_nernst_planck_control_changes_the_figure(nernst_planck, control, value):
    nernst_planck.set(v=-70.0, c_in=140.0, c_out=4.0, z=1)
    before = nernst_planck.image.value, nernst_planck.solution.flux
    nernst_planck.set(**{control: value})
    assert nernst_planck.image.value != before[0]
    assert nernst_planck.solution.flux != before[1]


def test_nernst_planck_point_lies_on_the_ghk_curve(nernst_planck):
    for v, c_in, c_out, z in [(-70.0, 140.0, 4.0, 1), (30.0, 10.0, 110.0, -1), (0.0, 1.0, 200.0, 2)]:
        nernst_planck.set(v=v, c_in=c_in, c_out=c_out, z=z)
        point = nernst_planck._artists["point"].get_ydata()[0]
        assert point == pytest.approx(float(ghk_flux(v, z, c_in, c_out, PERMEABILITY)), rel=1e-6)
        current = electrochem.ghk_current(v, membrane_permeability(**MEMBRANE), z, c_in, c_out)
        assert nernst_planck.solution.current == pytest.approx(current, rel=1e-6)


def test_nernst_planck_says_which_way_ions_move(nernst_planck):
    nernst_planck.set(v=-70.0, c_in=140.0, c_out=4.0, z=1)  # above E_K: K+ leaves
    assert nernst_planck.describe() == "out of the cell"
    nernst_planck.set(v=-70.0, c_in=10.0, c_out=110.0, z=-1)  # below E_Cl = -64 mV: Cl- leaves
    assert nernst_planck.describe() == "out of the cell"
    nernst_planck.set(v=-30.0, c_in=10.0, c_out=110.0, z=-1)  # above E_Cl: Cl- enters
    assert nernst_planck.describe() == "into the cell"
    nernst_planck.set(v=0.0, c_in=50.0, c_out=50.0, z=2)
    assert "no net flux" in nernst_planck.describe()


def test_nernst_planck_corners_and_grid_are_finite(nernst_planck):
    for v, c_in, c_out, z in itertools.product((-150.0, -1.0, 0.0, 150.0), (1.0, 73.0, 200.0), (1.0, 200.0),
                                               (-2, -1, 1, 2)):
        nernst_planck.set(v=v, c_in=c_in, c_out=c_out, z=z)
        assert np.all(np.isfinite(nernst_planck.solution.c)) and np.isfinite(nernst_planck.solution.flux)
        assert _finite_text(nernst_planck)


@pytest.mark.parametrize("control, value", [("pump", 0.5), ("diameter", 40.0)])
def test_every_pump_leak_control_changes_the_figure(pump_leak, control, value):
    pump_leak.set(pump=0.0, diameter=20.0)
    before = pump_leak.image.value, pump_leak.result.v.copy()
    pump_leak.set(**{control: value})
    assert pump_leak.image.value != before[0]
    assert not np.array_equal(pump_leak.result.v, before[1])


def test_pump_leak_explorer_runs_the_model(pump_leak):
    pump_leak.set(pump=0.0, diameter=20.0)
    direct = homeostasis.simulate(homeostasis.STANDARD_CELL.replace(pump_fraction=0.0), pump_leak.t_stop,
                                  samples=pump_leak.samples)
    np.testing.assert_allclose(pump_leak.result.k_i, direct.k_i, rtol=1e-6)
    assert pump_leak.result.v[-1] > -20.0  # the gradients have run down
    pump_leak.set(pump=1.0)
    np.testing.assert_allclose(pump_leak.result.v, -70.0, atol=1e-5)  # the normal pump keeps rest


def test_first_control_is_the_pump(pump_leak, volume):
    assert pump_leak.widget.children[0].children[0] is pump_leak.pump_slider
    assert volume.widget.children[0].children[0] is volume.pump_slider


def test_pump_leak_corners_and_grid_are_finite(pump_leak):
    for pump, diameter in itertools.product(np.linspace(0.0, 2.0, 5), (5.0, 23.0, 60.0)):
        pump_leak.set(pump=float(pump), diameter=diameter)
        result = pump_leak.result
        for trace in (result.na_i, result.k_i, result.v, result.volume, result.e_na, result.e_k):
            assert np.all(np.isfinite(trace))
        assert np.all(result.volume < 3.2) and np.all(result.volume > 0.8)  # inside the plotted range
        assert _finite_text(pump_leak)


@pytest.mark.parametrize("control, value", [("pump", 0.5), ("content", 1.5), ("chloride", 3.0)])
def test_every_volume_control_changes_the_figure(volume, control, value):
    volume.set(pump=0.0, content=1.0, chloride=1.0)
    before = volume.image.value, volume.result.volume.copy()
    volume.set(**{control: value})
    assert volume.image.value != before[0]
    assert not np.array_equal(volume.result.volume, before[1])


def test_volume_explorer_physics(volume):
    volume.set(pump=0.0, content=1.0, chloride=1.0)
    slow = volume.result.volume[-1]
    assert 1.5 < slow < volume.donnan_volume  # swelling toward, not past, the Donnan limit
    volume.set(chloride=5.0)
    assert volume.result.volume[-1] > slow  # chloride entry limits the swelling rate
    volume.set(chloride=0.0)
    assert volume.result.volume[-1] < 1.01  # without chloride entry the cell cannot gain solute net
    volume.set(pump=1.0, chloride=1.0, content=2.0)
    np.testing.assert_allclose(volume.result.volume, 2.0, rtol=1e-6)  # volume is set by impermeant content


def test_volume_corners_and_grid_are_finite(volume):
    for pump, content, chloride in itertools.product((0.0, 0.7, 2.0), (0.5, 2.0), (0.0, 2.5, 5.0)):
        volume.set(pump=pump, content=content, chloride=chloride)
        result = volume.result
        for trace in (result.na_i, result.k_i, result.cl_i, result.v, result.volume):
            assert np.all(np.isfinite(trace))
        assert np.isfinite(volume.donnan_volume)
        assert _finite_text(volume)


def test_pump_change_scales_with_diameter():
    small = pump_change(0.0, homeostasis.STANDARD_CELL.replace(diameter=10.0), t_stop=1 * HOUR)
    large = pump_change(0.0, homeostasis.STANDARD_CELL.replace(diameter=20.0), t_stop=2 * HOUR)
    np.testing.assert_allclose(small.k_i, large.k_i, rtol=1e-6)


def test_small_multiples():
    fig, results = PumpLeakExplorer.small_multiples(fractions=(0.0, 1.0), diameters=(10.0, 40.0), t_stop=2 * HOUR)
    assert isinstance(fig, Figure) and len(results) == 2 and len(results[0]) == 2
    assert results[0][0].v[-1] > results[1][0].v[-1]  # the small cell runs down first
    np.testing.assert_allclose(results[1][1].v, -70.0, atol=1e-5)


def test_profile_small_multiples():
    fig, solutions = NernstPlanckExplorer.small_multiples(voltages=(-100.0, 0.0, 100.0), valences=(1, -1), c_in=140.0,
                                                          c_out=10.0)
    assert isinstance(fig, Figure) and len(solutions) == 2 and len(solutions[0]) == 3
    # A cation enters only when V is below its Nernst potential (-70.5 mV); an anion mirrors it.
    assert solutions[0][0].flux < 0 < solutions[0][2].flux
    assert solutions[1][2].flux < 0 < solutions[1][0].flux
    np.testing.assert_allclose(np.diff(solutions[0][1].c) / np.diff(solutions[0][1].x),
                               (10.0 - 140.0) * MEMBRANE["partition"] / MEMBRANE["thickness"], rtol=1e-6)


def test_volume_small_multiples():
    fig, results = CellVolumeExplorer.small_multiples(fractions=(0.0, 1.0), chloride=(0.0, 1.0), t_stop=6 * HOUR)
    assert isinstance(fig, Figure)
    assert abs(results[0][0].volume[-1] - 1.0) < 0.01  # no chloride: no swelling
    assert results[1][0].volume[-1] > 1.5  # chloride follows sodium: swelling
    np.testing.assert_allclose(results[1][1].volume, 1.0, rtol=1e-6)  # the normal pump holds the volume
