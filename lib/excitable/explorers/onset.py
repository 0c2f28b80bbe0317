"""The onset explorer: how the number of gates and their cooperativity shape a conductance's rise."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import _checks, gating, plotting
from ..fitting import fit_power_onset
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, T_STOP_RANGE, Explorer, Verdict, check_span, slider

SUBUNIT_RANGE = (1, 6)
"""Numbers of gates per channel the onset explorer offers."""

COUPLING_RANGE = (0.25, 4.0)
"""Coupling factors the onset explorer offers (1 = independent gates)."""

STEP_VOLTAGE = 0.0
"""Voltage (mV) of the step: the gates open with HH's alpha_n and close with beta_n there (6.3 °C)."""


class OnsetExplorer(Explorer):
    """A channel of N gates stepped from deep rest to 0 mV; its open probability and the best power law.

    Each gate activates with HH's alpha_n and deactivates with beta_n at :data:`STEP_VOLTAGE`; with
    coupling c every gate already activated multiplies the next activation rate by c
    (:func:`excitable.gating.subunit_open_probability`). Left: the open probability and the best fit
    g_inf (1 - exp(-t/tau))**N_fit; right: the same on log-log axes, where the early onset is a straight
    line of slope N. Attributes: ``fit`` (:class:`~excitable.fitting.PowerFit`), ``open_probability``.
    """

    static_grid = {"n_subunits": (1, 2, 3, 4, 5, 6), "coupling": (0.5, 1.0, 2.0, 4.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, n_subunits: int = 4, coupling: float = 1.0, t_stop: float = 10.0):
        n_subunits = _checks.integer("n_subunits", n_subunits, *SUBUNIT_RANGE)
        self.t = np.linspace(0.0, check_span("t_stop", t_stop, *T_STOP_RANGE), 401)
        self.alpha, self.beta = float(gating.alpha_n(STEP_VOLTAGE)), float(gating.beta_n(STEP_VOLTAGE))
        super().__init__({
            "n_subunits": widgets.IntSlider(value=n_subunits, min=SUBUNIT_RANGE[0], max=SUBUNIT_RANGE[1],
                                            description="gates per channel N",
                                            layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE),
            "coupling": slider(coupling, *COUPLING_RANGE, 0.05, "coupling c"),
        })

    def _build_figure(self):
        fig, (ax_lin, ax_log) = plotting.new_figure(1, 2, figsize=(8.4, 3.4))
        (p_lin,) = ax_lin.plot([], [], color=plotting.COLORS["g_k"], label="open probability")
        (f_lin,) = ax_lin.plot([], [], color=plotting.COLORS["v"], linestyle="--", linewidth=1.2,
                               label="best power-law fit")
        ax_lin.set_xlim(0.0, self.t[-1])
        ax_lin.set_ylim(-0.02, 1.02)
        ax_lin.set_xlabel("time after the step (ms)")
        ax_lin.set_ylabel("open probability")
        ax_lin.legend(loc="lower right", fontsize=8)
        early = np.geomspace(0.02, self.t[-1], 200)
        self.early = early
        (p_log,) = ax_log.plot([], [], color=plotting.COLORS["g_k"])
        (f_log,) = ax_log.plot([], [], color=plotting.COLORS["v"], linestyle="--", linewidth=1.2)
        (guide,) = ax_log.plot([], [], color="#888888", linewidth=0.9, linestyle=":", label="slope $N$ (guide)")
        ax_log.legend(loc="lower right", fontsize=8)
        ax_log.set_xscale("log")
        ax_log.set_yscale("log")
        ax_log.set_xlim(early[0], early[-1])
        ax_log.set_ylim(1e-14, 3.0)
        ax_log.set_xlabel("time after the step (ms)")
        ax_log.set_ylabel("open probability")
        text = ax_lin.text(0.02, 0.97, "", transform=ax_lin.transAxes, ha="left", va="top", fontsize=9)
        return fig, {"p_lin": p_lin, "f_lin": f_lin, "p_log": p_log, "f_log": f_log, "guide": guide, "text": text}

    def _redraw(self) -> Verdict:
        n, c = int(self.controls["n_subunits"].value), float(self.controls["coupling"].value)
        self.open_probability = p = gating.subunit_open_probability(self.t, self.alpha, self.beta, n, c)
        self.fit = fit = fit_power_onset(self.t, p)
        p_early = gating.subunit_open_probability(self.early, self.alpha, self.beta, n, c)
        a = self._artists
        a["p_lin"].set_data(self.t, p)
        a["f_lin"].set_data(self.t, fit(self.t))
        a["p_log"].set_data(self.early, np.clip(p_early, 1e-300, None))
        a["f_log"].set_data(self.early, np.clip(fit(self.early), 1e-300, None))
        first = self.early[:80]  # a line of slope N a decade below the start of the curve
        a["guide"].set_data(first, 0.1 * max(p_early[0], 1e-300) * (first / first[0]) ** n)
        a["text"].set_text(f"N = {n}, c = {c:.2f}: fitted exponent {fit.exponent:.2f}, τ = {fit.tau:.2f} ms")
        independent = abs(c - 1.0) < 1e-9
        return Verdict(f"{n} gates, coupling {c:.2f}: the best power law has exponent {fit.exponent:.2f} "
                       + ("(independent gates: exactly N)." if independent else "(cooperative gates: not N)."),
                       highlight=independent)
