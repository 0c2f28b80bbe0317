"""The closed-form rows of the excitability group, recomputed with plain numpy and no ``excitable``."""

import math

import numpy as np
from scipy.optimize import brentq

from excitable import validation

G_NA, G_K, G_L, E_NA, E_K, E_L = 120.0, 36.0, 0.3, 50.0, -77.0, -54.387


def _rates(v):
    """HH's published rates at 6.3 °C (modern scale) and their analytic derivatives in V."""
    x_m, x_n = -(v + 40.0) / 10.0, -(v + 55.0) / 10.0
    am = 0.1 * (v + 40.0) / (1 - math.exp(x_m))
    dam = 0.1 / (1 - math.exp(x_m)) - 0.1 * (v + 40.0) * math.exp(x_m) / 10.0 / (1 - math.exp(x_m)) ** 2
    bm = 4.0 * math.exp(-(v + 65.0) / 18.0)
    dbm = -bm / 18.0
    ah = 0.07 * math.exp(-(v + 65.0) / 20.0)
    dah = -ah / 20.0
    e = math.exp(-(v + 35.0) / 10.0)
    bh = 1.0 / (1.0 + e)
    dbh = e / 10.0 / (1.0 + e) ** 2
    an = 0.01 * (v + 55.0) / (1 - math.exp(x_n))
    dan = 0.01 / (1 - math.exp(x_n)) - 0.01 * (v + 55.0) * math.exp(x_n) / 10.0 / (1 - math.exp(x_n)) ** 2
    bn = 0.125 * math.exp(-(v + 65.0) / 80.0)
    dbn = -bn / 80.0
    return [(am, bm, dam, dbm), (ah, bh, dah, dbh), (an, bn, dan, dbn)]


def _steady(v):
    return [a / (a + b) for a, b, _, _ in _rates(v)]


def _current(v):
    m, h, n = _steady(v)
    return G_NA * m**3 * h * (v - E_NA) + G_K * n**4 * (v - E_K) + G_L * (v - E_L)


def test_rest_eigenvalues_recomputed_by_hand():
    v = brentq(_current, -80.0, -50.0, xtol=1e-13)
    m, h, n = _steady(v)
    jac = np.zeros((4, 4))
    jac[0] = [-(G_NA * m**3 * h + G_K * n**4 + G_L), -3 * G_NA * m**2 * h * (v - E_NA),
              -G_NA * m**3 * (v - E_NA), -4 * G_K * n**3 * (v - E_K)]
    for row, (x, (a, b, da, db)) in enumerate(zip((m, h, n), _rates(v), strict=True), start=1):
        jac[row, 0] = da * (1 - x) - db * x
        jac[row, row] = -(a + b)
    values = np.linalg.eigvals(jac)
    pair = values[values.imag > 0][0]
    refs = validation.REFERENCES
    ref_real, ref_freq = refs["rest_eigenvalue_real_per_ms"], refs["rest_ringing_Hz"]
    assert abs(pair.real - ref_real.published) < ref_real.tolerance / 2
    assert abs(pair.imag / (2 * math.pi) * 1000 - ref_freq.published) < ref_freq.tolerance / 2
