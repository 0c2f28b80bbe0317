"""The inactivation explorer: HH's two-pulse and recovery protocols, and what they read off h."""

from __future__ import annotations

import numpy as np

from .. import gating, plotting
from ..fitting import fit_recovery
from ..hh import STANDARD, voltage_clamp
from ..protocols import REFERENCE_PREPULSE, TEST_VOLTAGE, recovery, two_pulse
from ._base import Explorer, Verdict, slider

PREPULSE_RANGE = (-120.0, 0.0)
"""Prepulse potentials (mV) the explorer offers."""

RECOVERY_RANGE = (-110.0, -50.0)
"""Recovery potentials (mV) the explorer offers."""

INTERVAL_RANGE = (0.0, 40.0)
"""Recovery intervals (ms) the explorer offers."""

PREPULSE_DURATION = 50.0
"""Prepulse duration (ms), long against tau_h at every prepulse offered."""

TEST_DURATION = 5.0
"""Test step duration (ms)."""

INTERVALS = np.array([0.0, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0, 40.0])
"""Intervals (ms) of the recovery curve the explorer draws and fits."""

DT = 0.02
"""Sampling step (ms) of the clamp records; the gates are exact at any step."""


class InactivationExplorer(Explorer):
    """Two classic measurements of h, side by side, at the potentials you choose.

    Left: the two-pulse protocol. The membrane is held for 50 ms at the prepulse potential, then
    stepped to -20 mV; the test's g_Na (coloured) is drawn beside the one after a prepulse to
    -120 mV (grey), and their peak ratio estimates h_inf(prepulse). Middle: that estimate over all
    prepulses (dots, computed once) on the closed form h_inf(V) (line), with the current prepulse
    marked. Right: recovery from inactivation at the chosen recovery potential: fraction of the
    test peak recovered after each interval (dots), the fitted exponential (line) and the chosen
    interval (marker). Attributes: ``h_estimate``, ``h_exact``, ``fit`` (:class:`~excitable.fitting.RecoveryFit`),
    ``tau_exact`` (ms).
    """

    static_grid = {"prepulse": (-100.0, -80.0, -70.0, -60.0, -50.0, -30.0), "interval": (1.0, 5.0, 10.0, 20.0, 40.0),
                   "recovery_voltage": (-90.0, -65.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, prepulse: float = -80.0, recovery_voltage: float = -65.0, interval: float = 5.0):
        controls = {  # first: a bad value fails here, before the protocols run
            "prepulse": slider(prepulse, *PREPULSE_RANGE, 1.0, "prepulse V (mV)", ".0f"),
            "recovery_voltage": slider(recovery_voltage, *RECOVERY_RANGE, 1.0, "recovery V (mV)", ".0f"),
            "interval": slider(interval, *INTERVAL_RANGE, 0.5, "interval (ms)"),
        }
        self._recoveries = {}
        grid = np.arange(-120.0, 1.0, 5.0)
        self.grid, self.grid_estimate = grid, two_pulse(grid, PREPULSE_DURATION, dt=DT).h_estimate
        self.v_axis = np.linspace(*PREPULSE_RANGE, 241)
        self.reference = voltage_clamp([(REFERENCE_PREPULSE, PREPULSE_DURATION), (TEST_VOLTAGE, TEST_DURATION)],
                                       dt=DT, params=STANDARD)
        super().__init__(controls)

    def _build_figure(self):
        fig, (ax_g, ax_h, ax_r) = plotting.new_figure(1, 3, figsize=(8.4, 3.6))
        test_t = self.reference.t - PREPULSE_DURATION
        window = test_t >= 0.0
        ax_g.plot(test_t[window], self.reference.g_na[window], color="#999999", linewidth=1.0,
                  label=f"after {REFERENCE_PREPULSE:.0f} mV")
        (g_line,) = ax_g.plot([], [], color=plotting.COLORS["g_na"], linewidth=1.8, label="after the prepulse")
        ax_g.set_xlim(0.0, TEST_DURATION)
        ax_g.set_ylim(-1.0, 1.1 * float(self.reference.g_na.max()))
        ax_g.set_xlabel(f"time at {TEST_VOLTAGE:.0f} mV (ms)")
        ax_g.set_ylabel(r"$g_\mathrm{Na}$ (mS/cm²)")
        ax_g.legend(loc="upper right", fontsize=8)
        ax_h.plot(self.v_axis, gating.hh_x_inf("h", self.v_axis), color=plotting.COLORS["h"],
                  label=r"$h_\infty(V)$")
        ax_h.plot(self.grid, self.grid_estimate, "o", color=plotting.COLORS["v"], markersize=3.5,
                  label="two-pulse")
        (h_mark,) = ax_h.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=8, zorder=5)
        ax_h.set_xlim(*PREPULSE_RANGE)
        ax_h.set_ylim(-0.03, 1.05)
        ax_h.set_xlabel("prepulse potential (mV)")
        ax_h.set_ylabel("test peak / maximal peak")
        ax_h.legend(loc="lower left", fontsize=8)
        (r_dots,) = ax_r.plot([], [], "o", color=plotting.COLORS["v"], markersize=4, label="recovered fraction")
        (r_fit,) = ax_r.plot([], [], color=plotting.COLORS["h"], linewidth=1.4, label="exponential fit")
        (r_mark,) = ax_r.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=8, zorder=5)
        ax_r.set_xlim(-1.0, INTERVAL_RANGE[1] + 1.0)
        ax_r.set_ylim(-0.03, 1.1)
        ax_r.set_xlabel("recovery interval (ms)")
        ax_r.set_ylabel("fraction of the test peak")
        ax_r.legend(loc="lower right", fontsize=8)
        text = ax_r.text(0.03, 0.97, "", transform=ax_r.transAxes, ha="left", va="top", fontsize=8)
        return fig, {"g": g_line, "h_mark": h_mark, "r_dots": r_dots, "r_fit": r_fit, "r_mark": r_mark, "text": text}

    def _redraw(self) -> Verdict:
        v_pre, v_rec, gap = (float(self.controls[k].value) for k in ("prepulse", "recovery_voltage", "interval"))
        clamp = voltage_clamp([(v_pre, PREPULSE_DURATION), (TEST_VOLTAGE, TEST_DURATION)], dt=DT, params=STANDARD)
        test_t = clamp.t - PREPULSE_DURATION
        window = test_t >= 0.0
        self.h_estimate = float(clamp.g_na[window].max() / self.reference.g_na.max())
        self.h_exact = float(gating.hh_x_inf("h", v_pre))
        if v_rec not in self._recoveries:  # the curve depends only on the recovery potential: keep it
            rec = recovery(INTERVALS, recovery_voltage=v_rec, dt=DT)
            self._recoveries[v_rec] = (rec, fit_recovery(rec.interval, rec.fraction))
        rec, fit = self._recoveries[v_rec]
        self.fit = fit
        self.tau_exact = float(gating.hh_tau("h", v_rec))
        chosen = float(recovery([gap], recovery_voltage=v_rec, dt=DT).fraction[0])
        a = self._artists
        a["g"].set_data(test_t[window], clamp.g_na[window])
        a["h_mark"].set_data([v_pre], [self.h_estimate])
        a["r_dots"].set_data(rec.interval, rec.fraction)
        smooth = np.linspace(0.0, INTERVAL_RANGE[1], 161)
        a["r_fit"].set_data(smooth, fit(smooth))
        a["r_mark"].set_data([gap], [chosen])
        a["text"].set_text(f"at {v_rec:.0f} mV: fitted τ {fit.tau:.2f} ms\n"
                           f"closed-form τ_h {self.tau_exact:.2f} ms")
        close = abs(fit.tau / self.tau_exact - 1.0) < 0.05
        return Verdict(f"Prepulse {v_pre:.0f} mV: test peak {self.h_estimate:.2f} of maximal "
                       f"(h∞ = {self.h_exact:.2f}). "
                       f"Recovery at {v_rec:.0f} mV: τ fitted {fit.tau:.2f} ms vs τ_h {self.tau_exact:.2f} ms; "
                       f"{100 * chosen:.0f}% back after {gap:.1f} ms.", highlight=close)
