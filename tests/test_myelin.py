"""The myelin sheath's formulas (excitable.myelin) against closed forms worked by hand."""

import math

import numpy as np
import pytest

from excitable import myelin


def test_flat_sheath_is_two_membranes_per_wrap_in_series():
    # 100 wraps of 1 µF/cm² membrane: 200 capacitors in series
    assert myelin.sheath_capacitance(1.0, 100) == pytest.approx(1.0 / 200.0)
    assert myelin.sheath_resistance(1000.0, 100) == pytest.approx(200_000.0)
    assert myelin.sheath_conductance(0.3, 100) == pytest.approx(0.0015)
    # series capacitors by brute force: 1/C = sum of 1/C_i over 2N layers
    assert myelin.sheath_capacitance(0.8, 7) == pytest.approx(1.0 / sum(1.0 / 0.8 for _ in range(14)))
    # conductance is the reciprocal of resistance (mS/cm² = 1000 / Ω·cm²)
    assert myelin.sheath_conductance(1.0, 30) == pytest.approx(1000.0 / myelin.sheath_resistance(1000.0, 30))


def test_moore_internode_is_a_hundred_wraps_of_squid_membrane():
    # Moore et al. 1978: internode C_m 0.005 µF/cm², g 1.5e-6 S/cm² against 1 µF/cm² and 0.3 mS/cm²
    n = myelin.wraps_for_capacitance(1.0, 0.005)
    assert n == pytest.approx(100.0)
    assert myelin.sheath_conductance(0.3, n) == pytest.approx(1.5e-3)


def test_cylindrical_sheath_by_explicit_sum_and_flat_limit():
    d, n, p = 2.0, 3, 0.016
    a = d / 2
    radii = [a + (j + 0.5) * p / 2 for j in range(2 * n)]
    expected = 1.0 / sum(a / (1.0 * r) for r in radii)
    assert myelin.sheath_capacitance(1.0, n, d, p) == pytest.approx(expected, rel=1e-12)
    assert myelin.sheath_resistance(1.0, n, d, p) == pytest.approx(sum(a / r for r in radii), rel=1e-12)
    # outer layers are larger: capacitance above the flat value, resistance below
    assert myelin.sheath_capacitance(1.0, n, d, p) > myelin.sheath_capacitance(1.0, n)
    # a very thin sheath on a thick axon is flat
    assert myelin.sheath_capacitance(1.0, 50, 1000.0, 1e-4) == pytest.approx(0.01, rel=1e-5)
    # a thick sheath approaches the coaxial capacitor 2π ε / ln(b/a): per unit axon area a·ln(b/a)
    n_thick, period = 2000, 0.001
    outer = a + n_thick * period
    coaxial = 1.0 / (a * math.log(outer / a) / (period / 2))  # membranes every period/2: Σ a/r_j ≈ ∫ a dr/r / spacing
    assert myelin.sheath_capacitance(1.0, n_thick, d, period) == pytest.approx(coaxial, rel=1e-4)


def test_fraction_of_a_wrap_interpolates():
    c = [myelin.sheath_capacitance(1.0, n, 2.0, 0.016) for n in (3.0, 3.5, 4.0)]
    assert c[0] > c[1] > c[2]
    assert myelin.sheath_capacitance(1.0, 2.5) == pytest.approx(0.2)


def test_thinning_factor_scales_capacitance_and_conductance():
    k = myelin.myelin_factor(25, 100)
    assert k == pytest.approx(4.0)
    assert myelin.sheath_capacitance(1.0, 25) == pytest.approx(k * myelin.sheath_capacitance(1.0, 100))
    assert myelin.sheath_conductance(0.3, 25) == pytest.approx(k * myelin.sheath_conductance(0.3, 100))


def test_fibre_geometry():
    assert myelin.fibre_diameter(6.0, 100, 0.02) == pytest.approx(10.0)
    assert myelin.g_ratio(6.0, 10.0) == pytest.approx(0.6)
    with pytest.raises(ValueError, match="fibre_diameter"):
        myelin.g_ratio(10.0, 6.0)


def test_scaling_laws_and_crossover():
    assert myelin.hursh_velocity(10.0) == pytest.approx(60.0)
    assert myelin.similar_fibre_velocity(50.0, 10.0, 4.0) == pytest.approx(20.0)
    # bare: 1 m/s at 1 µm (a = 1); myelinated: 5 m/s per µm (b = 5) -> d* = 1/25 µm
    d_star = myelin.crossover_diameter(1.0, 1.0, 50.0, 10.0)
    assert d_star == pytest.approx(0.04)
    # at the crossover the two laws give the same velocity
    assert 1.0 * math.sqrt(d_star) == pytest.approx(5.0 * d_star)


def test_charge_per_length_by_hand():
    # 10 µm, 1 µF/cm², 100 mV: π·10e-4 cm·0.1 cm = 3.1416e-4 cm²; Q = 1e-6 F/cm² × area × 0.1 V = 31.4 pC
    assert myelin.charge_per_length(10.0, 100.0) == pytest.approx(math.pi * 10.0, rel=1e-12)
    assert myelin.charge_per_length(10.0, -50.0, 2.0) == pytest.approx(-math.pi * 10.0)
    # a fibre of nodes only is a bare axon; an internode of node capacitance too
    assert myelin.myelinated_charge_per_length(10.0, 100.0, 5.0, 95.0, 1.0, 1.0) == pytest.approx(
        myelin.charge_per_length(10.0, 100.0))
    # Moore-like fibre: (1 × 3.183 + 0.005 × 2000) / 2003.183 of the bare charge
    ratio = myelin.myelinated_charge_per_length(10.0, 100.0, 3.183, 2000.0) / myelin.charge_per_length(10.0, 100.0)
    assert ratio == pytest.approx((3.183 + 10.0) / 2003.183)
    half = myelin.myelinated_charge_per_length(10.0, 100.0, 3.183, 2000.0, internode_delta_v=50.0)
    assert half == pytest.approx(myelin.charge_per_length(10.0, 100.0) * (3.183 + 5.0) / 2003.183)


@pytest.mark.parametrize("call, name", [
    (lambda: myelin.sheath_capacitance(1.0, 0), "n_wraps"),
    (lambda: myelin.sheath_capacitance(-1.0, 10), "c_m"),
    (lambda: myelin.sheath_capacitance(1.0, 10, 2.0), "period"),
    (lambda: myelin.sheath_capacitance(1.0, 10, period=0.02), "axon_diameter"),
    (lambda: myelin.sheath_capacitance(1.0, 1e9), "n_wraps"),
    (lambda: myelin.sheath_resistance(float("nan"), 10), "r_m"),
    (lambda: myelin.crossover_diameter(1.0, 0.0, 1.0, 1.0), "bare_diameter"),
    (lambda: myelin.charge_per_length(10.0, float("inf")), "delta_v"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_arrays_broadcast():
    c = myelin.sheath_capacitance(1.0, np.array([10, 100]))
    assert np.allclose(c, [0.05, 0.005])
    c = myelin.sheath_capacitance(1.0, 10, np.array([1.0, 2.0]), 0.016)
    assert c.shape == (2,) and c[0] > c[1]


def test_conducts_agrees_with_the_cable_block_factor():
    from excitable import cable
    k = cable.myelin_block_factor(xtol=0.05)
    assert 3.0 < k < 40.0
    assert myelin.conducts(k - 0.2) and not myelin.conducts(k + 0.2)
    # warming narrows the margin: a fibre that conducts at 18.5 °C fails at 34 °C
    assert myelin.conducts(6.0) and not myelin.conducts(6.0, celsius=34.0)
    # fewer sodium channels at the nodes: a healthy fibre survives a halving, not a tenth
    assert myelin.conducts(1.0, node_membrane=cable.MOORE_NODE.replace(g_na=600.0))
    assert not myelin.conducts(1.0, node_membrane=cable.MOORE_NODE.replace(g_na=120.0))


def test_internode_compartments_follow_the_d_lambda_rule():
    from excitable import cable
    assert myelin.internode_compartments(1.0) == 10           # the normal sheath: Moore's 10, the floor
    for k in (10.0, 50.0, 200.0):
        count = myelin.internode_compartments(k)
        limit = cable.D_LAMBDA * cable.ac_length_constant(10.0, 100.0, 0.005 * k)
        assert 2000.0 / count <= limit < 2000.0 / (count - 1) or count == 10
        cable.myelinated_axon(myelin_factor=k, internode_compartments=count)   # the builder accepts it
    with pytest.raises(ValueError, match="myelin_factor"):
        myelin.internode_compartments(1e9)


def test_wraps_for_fibre_inverts_the_fibre_diameter():
    # by hand: a 6 µm axon in a 10 µm fibre has 2 µm of sheath on each side, 2 / 0.02 = 100 wraps
    assert myelin.wraps_for_fibre(6.0, 10.0, 0.02) == pytest.approx(100.0)
    # g-ratio 0.6 of a 13.2 µm fibre at 16 nm per wrap: (13.2 - 7.92) / 0.032 = 165 wraps
    assert myelin.wraps_for_fibre(0.6 * 13.2, 13.2, 0.016) == pytest.approx(5.28 / 0.032)
    assert myelin.wraps_for_fibre(5.0, 5.0, 0.016) == 0.0
    wraps = myelin.wraps_for_fibre(np.array([4.0, 8.0]), 10.0, 0.016)
    assert np.allclose(myelin.fibre_diameter(np.array([4.0, 8.0]), wraps, 0.016), 10.0)
    with pytest.raises(ValueError, match="fibre_diameter"):
        myelin.wraps_for_fibre(10.0, 6.0, 0.016)
    with pytest.raises(ValueError, match="period"):
        myelin.wraps_for_fibre(6.0, 10.0, 0.0)
    with pytest.raises(ValueError, match="period"):
        myelin.wraps_for_fibre(6.0, 10.0, 1e-300)


def test_fibre_at_g_ratio_keeps_the_outer_diameter_and_sums_the_sheath():
    outer, period = 13.2, 0.016
    axon = myelin.fibre_at_g_ratio(outer, 0.6, period)
    wraps = (outer - 0.6 * outer) / (2 * period)                        # by hand: 165 wraps
    # the round trip through fibre_diameter and g_ratio gives back the outer diameter and the ratio
    assert myelin.fibre_diameter(0.6 * outer, wraps, period) == pytest.approx(outer)
    assert myelin.g_ratio(0.6 * outer, outer) == pytest.approx(0.6)
    internode = axon.length != axon.length[axon.nodes[0]]
    assert np.allclose(axon.diameter, 0.6 * outer)
    assert np.allclose(axon.c_m[internode], myelin.sheath_capacitance(1.0, wraps, 0.6 * outer, period))
    thinner = myelin.fibre_at_g_ratio(outer, 0.8, period)               # fewer wraps: more capacitance
    assert thinner.c_m[thinner.length != thinner.length[thinner.nodes[0]]].min() > axon.c_m[internode].max()
    with pytest.raises(ValueError, match="g_ratio"):
        myelin.fibre_at_g_ratio(outer, 1.2, period)
