"""The passive-membrane explorer: an RC membrane charged by a current step, simulated and exact."""

from __future__ import annotations

import numpy as np

from .. import plotting
from ..formatting import for_people
from ..hh import simulate
from ..passive import membrane_time_constant, passive_params, step_response
from ..stimuli import pulse
from ._base import DT_RANGE, T_STOP_RANGE, Explorer, Verdict, check_span, slider

C_M_RANGE = (0.25, 4.0)
"""Membrane capacitances (µF/cm²) the explorer offers."""

G_L_RANGE = (0.1, 2.0)
"""Leak conductances (mS/cm²) the explorer offers."""

AMPLITUDE_RANGE = (-5.0, 5.0)
"""Step amplitudes (µA/cm², positive = depolarizing) the explorer offers."""

E_L_RANGE = (-120.0, 60.0)
"""Resting (leak reversal) potentials (mV) the explorer accepts."""


VOLTAGE_SPANS = (6.0, 20.0, 55.0)
"""Half-heights (mV) of the voltage axis; the smallest that holds the steady deflection is used."""


class PassiveMembraneExplorer(Explorer):
    """A current step into a passive (leak-only) membrane: C_m, g_L and amplitude sliders.

    The simulated V (hh.simulate with g_Na = g_K = 0) is drawn with the exact exponential
    (:func:`excitable.passive.step_response`) on top; a marker shows V one time constant after
    the step began. ``e_l`` (mV) is the rest; the step runs from ``start`` for ``duration`` ms.

    Attributes: ``result`` (the latest simulation), ``exact`` (the analytic V), ``tau_m`` (ms).
    """

    static_grid = {"c_m": (0.5, 1.0, 2.0), "g_l": (0.15, 0.3, 0.6, 1.2), "amplitude": (-3.0, 3.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, c_m: float = 1.0, g_l: float = 0.3, amplitude: float = 3.0, e_l: float = -65.0,
                 start: float = 5.0, duration: float = 50.0, t_stop: float = 100.0, dt: float = 0.05):
        self.t_stop = check_span("t_stop", t_stop, *T_STOP_RANGE)
        self.dt = check_span("dt", dt, *DT_RANGE)
        self.start = check_span("start", start, 0.0, self.t_stop)
        self.duration = check_span("duration", duration, DT_RANGE[0], self.t_stop)
        self.e_l = check_span("e_l", e_l, *E_L_RANGE, "mV")
        super().__init__({
            "c_m": slider(c_m, *C_M_RANGE, 0.05, "C_m (µF/cm²)"),
            "g_l": slider(g_l, *G_L_RANGE, 0.02, "g_L (mS/cm²)"),
            "amplitude": slider(amplitude, *AMPLITUDE_RANGE, 0.1, "step (µA/cm²)"),
        })

    def simulate(self):
        """Simulate the passive membrane for the current sliders."""
        c_m, g_l, amplitude = (self.controls[k].value for k in ("c_m", "g_l", "amplitude"))
        params = passive_params(c_m, g_l, self.e_l)
        return simulate(pulse(amplitude, self.start, self.duration), t_stop=self.t_stop, dt=self.dt,
                        params=params)

    def _build_figure(self):
        fig, (ax_i, ax_v) = plotting.new_figure(2, 1, figsize=(7.0, 4.6), sharex=True,
                                                gridspec_kw={"height_ratios": [0.8, 2.2]})
        (stim,) = ax_i.plot([], [], color=plotting.COLORS["stimulus"], drawstyle="steps-post")
        ax_i.set_ylim(AMPLITUDE_RANGE[0] * 1.1, AMPLITUDE_RANGE[1] * 1.1)
        ax_i.set_ylabel(plotting.STIMULUS_LABEL)
        ax_i.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
        ax_v.axhline(self.e_l, color=plotting.COLORS["rest"], linewidth=0.9, linestyle=":", zorder=0)
        (sim,) = ax_v.plot([], [], color=plotting.COLORS["v"], label="simulated (hh.simulate)")
        (exact,) = ax_v.plot([], [], color=plotting.COLORS["i_na"], linestyle="--", linewidth=1.2,
                             label=r"exact: $E_L + (I/g_L)(1 - e^{-t/\tau_m})$")
        (marker,) = ax_v.plot([], [], "o", color=plotting.COLORS["i_k"], markersize=5,
                              label=r"one $\tau_m$ after the step")
        self._ax_v, self._span = ax_v, None
        ax_v.set_xlim(0.0, self.t_stop)
        ax_v.set_xlabel(plotting.TIME_LABEL)
        ax_v.set_ylabel(plotting.VOLTAGE_LABEL)
        ax_v.legend(loc="lower right", fontsize=8)
        text = ax_v.text(0.01, 0.97, "", transform=ax_v.transAxes, ha="left", va="top", fontsize=9)
        fig.align_ylabels((ax_i, ax_v))
        return fig, {"stimulus": stim, "sim": sim, "exact": exact, "marker": marker, "text": text}

    def _redraw(self) -> Verdict:
        c_m, g_l, amplitude = (self.controls[k].value for k in ("c_m", "g_l", "amplitude"))
        self.result = result = self.simulate()
        self.tau_m = tau = float(membrane_time_constant(c_m, g_l))
        self.exact = step_response(result.t, amplitude, self.start, self.duration, c_m, g_l, self.e_l)
        error = float(np.max(np.abs(result.v - self.exact)))
        a = self._artists
        a["stimulus"].set_data(result.t, result.i_app)
        a["sim"].set_data(result.t, result.v)
        a["exact"].set_data(result.t, self.exact)
        t_tau = self.start + min(tau, self.duration)
        a["marker"].set_data([t_tau], [float(step_response(t_tau, amplitude, self.start, self.duration, c_m,
                                                           g_l, self.e_l))])
        a["text"].set_text(rf"$\tau_m = C_m/g_L$ = {tau:.2f} ms;  "
                           rf"steady $\Delta V = I/g_L$ = {amplitude / g_l:+.1f} mV")
        span = next(s for s in VOLTAGE_SPANS if abs(amplitude) / g_l <= s)
        if span != self._span:
            self._span = span
            self._ax_v.set_ylim(self.e_l - 1.1 * span, self.e_l + 1.1 * span)
        return Verdict(f"τ_m = {tau:.2f} ms; the step would move V by {amplitude / g_l:+.1f} mV at steady state; "
                       f"simulation and exact curve differ by at most {for_people(error, 2)} mV.")
