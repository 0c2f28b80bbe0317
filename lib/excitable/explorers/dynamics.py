"""Explorers of excitability dynamics: the (V, n) phase plane, and the bifurcations of repetitive firing."""

from __future__ import annotations

import functools

import numpy as np

from .. import _checks, dynamics, phase_plane, plotting
from ..hh import STANDARD, HHParams, simulate
from ..stimuli import step
from ._base import Explorer, Verdict, check_span, slider

PLANE_CURRENT_RANGE = (0.0, 20.0)
"""Applied currents (µA/cm²) the phase-plane explorer offers."""

KICK_RANGE = (0.0, 30.0)
"""Sudden depolarizations (mV) the phase-plane explorer offers."""

PLANE_V = np.linspace(-85.0, 50.0, 136)
"""Voltages (mV) at which the phase-plane explorer draws the V-nullcline."""

BIFURCATION_CURRENT_RANGE = (0.0, 180.0)
"""Applied currents (µA/cm²) the bifurcation explorer offers (both Hopf bifurcations lie inside)."""

DIAGRAM_CURRENTS = np.concatenate([np.arange(0.0, 20.0, 0.25), np.arange(20.0, 180.1, 4.0)])
"""Currents (µA/cm²) at which the bifurcation explorer precomputes the attractors, once."""


class PhasePlaneExplorer(Explorer):
    """The (V, n) reduction at a constant current after a sudden depolarization, beside the full model.

    Left: the V-nullcline (dV/dt = 0), the n-nullcline (n = n_inf), the fixed point (filled if stable),
    the reduced trajectory from the fixed point displaced by the kick, and the full model's trajectory
    from its own fixed point with the same kick, projected onto (V, n). Right: V against time for both.
    Attributes: ``reduction``, ``trajectory`` (reduced), ``full`` (the full model's run), ``point``.
    """

    static_grid = {"i_app": (0.0, 4.0, 8.0, 12.0), "kick": (2.0, 4.0, 6.0, 10.0, 20.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, i_app: float = 0.0, kick: float = 8.0, t_stop: float = 25.0, params: HHParams = STANDARD):
        self.t_stop = check_span("t_stop", t_stop, 5.0, 200.0)
        self.params = _checks.instance("params", params, HHParams)
        self.reduction = phase_plane.fitted_reduction(params).reduction
        self._planes = {}
        super().__init__({"i_app": slider(i_app, *PLANE_CURRENT_RANGE, 0.5, "applied current (µA/cm²)"),
                          "kick": slider(kick, *KICK_RANGE, 0.5, "kick (mV)")})

    def _plane(self, i_app: float):
        """The V-nullcline and the fixed point at ``i_app`` (cached: moving the kick does not recompute them)."""
        if i_app not in self._planes:
            nullcline = phase_plane.v_nullcline(PLANE_V, self.reduction, i_app)
            point = phase_plane.reduced_fixed_points(self.reduction, i_app)[0]
            self._planes[i_app] = (nullcline, point, dynamics.fixed_point(i_app, self.params))
        return self._planes[i_app]

    def _build_figure(self):
        fig, (ax, ax_t) = plotting.new_figure(1, 2, figsize=(8.4, 3.6), gridspec_kw={"width_ratios": [1.25, 1.0]})
        (v_null,) = ax.plot([], [], color=plotting.COLORS["v"], linewidth=1.4, label="$V$-nullcline")
        ax.plot(PLANE_V, phase_plane.n_nullcline(PLANE_V, self.params), color=plotting.COLORS["n"], linewidth=1.4,
                label="$n$-nullcline")
        (full,) = ax.plot([], [], color=plotting.COLORS["stimulus"], linestyle="--", linewidth=1.1,
                          label="full model")
        (reduced,) = ax.plot([], [], color=plotting.COLORS["i_na"], linewidth=1.6, label="reduction")
        (start,) = ax.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=4)
        (point,) = ax.plot([], [], "o", color=plotting.COLORS["v"], markersize=7)
        ax.set_xlim(PLANE_V[0], PLANE_V[-1])
        ax.set_ylim(0.2, 0.85)
        ax.set_xlabel("$V$ (mV)")
        ax.set_ylabel("$n$")
        ax.legend(loc="upper left", fontsize=8)
        (v_reduced,) = ax_t.plot([], [], color=plotting.COLORS["i_na"], linewidth=1.6, label="reduction")
        (v_full,) = ax_t.plot([], [], color=plotting.COLORS["stimulus"], linestyle="--", linewidth=1.1,
                              label="full model")
        ax_t.set_xlim(0.0, self.t_stop)
        ax_t.set_ylim(-85.0, 55.0)
        ax_t.set_xlabel(plotting.TIME_LABEL)
        ax_t.set_ylabel("$V$ (mV)")
        ax_t.legend(loc="upper right", fontsize=8)
        text = ax.text(0.98, 0.03, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=9)
        return fig, {"v_null": v_null, "full": full, "reduced": reduced, "start": start, "point": point,
                     "v_reduced": v_reduced, "v_full": v_full, "text": text}

    def _redraw(self) -> Verdict:
        i_app, kick = float(self.controls["i_app"].value), float(self.controls["kick"].value)
        nullcline, self.point, full_point = self._plane(i_app)
        self.trajectory = phase_plane.simulate_reduced(self.reduction, i_app, self.point.x + kick, self.point.y,
                                                       self.t_stop, 0.1, rtol=1e-4)
        self.full = simulate(step(i_app), self.t_stop, 0.05, self.params, v0=full_point.v + kick,
                             gates0=(full_point.m, full_point.h, full_point.n))
        a = self._artists
        a["v_null"].set_data(PLANE_V, np.where(np.isnan(nullcline), np.nan, nullcline))
        a["reduced"].set_data(self.trajectory.x, self.trajectory.y)
        a["start"].set_data([self.trajectory.x[0]], [self.trajectory.y[0]])
        a["full"].set_data(self.full.v, self.full.n)
        a["point"].set_data([self.point.x], [self.point.y])
        a["point"].set_markerfacecolor(plotting.COLORS["v"] if self.point.stable else "white")
        a["v_reduced"].set_data(self.trajectory.t, self.trajectory.x)
        a["v_full"].set_data(self.full.t, self.full.v)
        a["text"].set_text(f"fixed point: {self.point.kind}")
        fires_reduced = bool(self.trajectory.x.max() > 0.0)
        fires_full = bool(self.full.v.max() > 0.0)
        word = {True: "fires", False: "returns without a spike"}
        return Verdict(f"I = {i_app:.1f} µA/cm², kick {kick:.1f} mV: the fixed point is a {self.point.kind}; "
                       f"the reduction {word[fires_reduced]}, the full model {word[fires_full]}.",
                       highlight=fires_reduced or fires_full)


@functools.lru_cache(maxsize=4)
def _diagram(params: HHParams) -> dynamics.BifurcationDiagram:
    return dynamics.bifurcation_diagram(DIAGRAM_CURRENTS, params)


class BifurcationExplorer(Explorer):
    """The attractors of the HH membrane against the applied current, and the Jacobian's eigenvalues.

    Left: the fixed point's voltage (solid where stable, dotted where not) and the range of V on the
    firing cycle (shaded band), precomputed once; the slider's current is marked. Middle: the firing rate
    reached from firing (the f-I curve of the cycle) and from rest. Right: the four eigenvalues of the
    Jacobian at the fixed point in the complex plane. The current axis is linear to 20 µA/cm² and
    logarithmic beyond. Attributes: ``diagram`` (:class:`~excitable.dynamics.BifurcationDiagram`),
    ``point`` (the fixed point at the slider's current).
    """

    static_grid = {"i_app": (2.0, 5.0, 6.0, 7.0, 8.0, 9.5, 10.0, 12.0, 20.0, 50.0, 100.0, 150.0, 160.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, i_app: float = 8.0, params: HHParams = STANDARD):
        self.params = _checks.instance("params", params, HHParams)
        current = slider(i_app, *BIFURCATION_CURRENT_RANGE, 0.1, "applied current (µA/cm²)")  # checks i_app first
        self.diagram = _diagram(params)
        self.hopf = dynamics.hopf_currents(params=params)
        super().__init__({"i_app": current})

    def _build_figure(self):
        d = self.diagram
        fig, (ax, ax_f, ax_e) = plotting.new_figure(1, 3, figsize=(8.4, 3.4),
                                                   gridspec_kw={"width_ratios": [1.2, 1.0, 0.9]})
        stable = np.where(d.rest_stable, d.fixed_v, np.nan)
        unstable = np.where(d.rest_stable, np.nan, d.fixed_v)
        fire = d.from_firing.firing
        ax.fill_between(d.i_app, np.where(fire, d.from_firing.v_min, np.nan), np.where(fire, d.from_firing.v_max,
                        np.nan), color=plotting.COLORS["i_na"], alpha=0.25, linewidth=0, label="firing cycle")
        ax.plot(d.i_app, stable, color=plotting.COLORS["v"], linewidth=1.6, label="rest, stable")
        ax.plot(d.i_app, unstable, color=plotting.COLORS["v"], linewidth=1.2, linestyle=":", label="rest, unstable")
        ax.set_ylabel("$V$ (mV)")
        ax.set_ylim(-85.0, 50.0)
        ax.legend(loc="upper left", fontsize=8)
        ax_f.plot(d.i_app, np.where(fire, d.from_firing.rate_hz, np.nan), color=plotting.COLORS["i_na"],
                  linewidth=1.6, label="from firing")
        ax_f.plot(d.i_app, np.where(d.from_rest.firing, d.from_rest.rate_hz, 0.0), color=plotting.COLORS["v"],
                  linewidth=1.0, linestyle="--", label="from rest")
        ax_f.set_ylabel("firing rate (Hz)")
        ax_f.set_ylim(-5.0, 190.0)
        ax_f.legend(loc="upper left", fontsize=8)
        markers = {}
        for name, axis in (("bif", ax), ("fi", ax_f)):
            axis.set_xscale("symlog", linthresh=20.0, linscale=2.0)
            axis.set_xlim(0.0, BIFURCATION_CURRENT_RANGE[1])
            axis.set_xticks([0, 5, 10, 15, 20, 50, 100, 150])
            axis.set_xticklabels(["0", "5", "10", "15", "20", "50", "100", "150"])
            axis.set_xlabel(r"$I_\mathrm{app}$ (µA/cm²)")
            for current in self.hopf:
                axis.axvline(current, color=plotting.COLORS["rest"], linewidth=0.8)
            markers[name] = axis.axvline(0.0, color=plotting.COLORS["i_k"], linewidth=1.2)
        ax_e.axvline(0.0, color=plotting.COLORS["rest"], linewidth=0.9)
        ax_e.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.6)
        (eig,) = ax_e.plot([], [], "o", color=plotting.COLORS["i_k"], markersize=6)
        ax_e.set_xlim(-1.5, 1.0)
        ax_e.set_ylim(-1.3, 1.3)
        ax_e.set_xlabel("real part (1/ms)")
        ax_e.set_ylabel("imaginary part (1/ms)")
        ax_e.set_title("eigenvalues at the fixed point", fontsize=9)
        text = ax_e.text(0.03, 0.03, "", transform=ax_e.transAxes, ha="left", va="bottom", fontsize=8)
        return fig, {"bif": markers["bif"], "fi": markers["fi"], "eig": eig, "text": text}

    def _redraw(self) -> Verdict:
        i_app = float(self.controls["i_app"].value)
        self.point = dynamics.fixed_point(i_app, self.params)
        values = self.point.eigenvalues
        a = self._artists
        for name in ("bif", "fi"):
            a[name].set_xdata([i_app, i_app])
        a["eig"].set_data(np.clip(values.real, -1.45, 0.95), np.clip(values.imag, -1.25, 1.25))
        off = int(np.sum((values.real < -1.45) | (values.real > 0.95)))
        a["text"].set_text(f"{off} eigenvalue(s) beyond the axes" if off else "")
        d = self.diagram
        k = int(np.argmin(np.abs(d.i_app - i_app)))
        firing, rate = bool(d.from_firing.firing[k]), float(d.from_firing.rate_hz[k])
        rest = "stable" if self.point.stable else "unstable"
        if self.point.stable and firing:
            verdict = f"bistable: rest is stable and a firing cycle at {rate:.0f} Hz coexists with it"
        elif firing:
            verdict = f"only firing: rest is unstable and the membrane fires at {rate:.0f} Hz"
        elif self.point.stable:
            verdict = "only rest: the fixed point is stable and no firing cycle exists"
        else:
            verdict = "rest is unstable; the membrane settles on a small oscillation"
        return Verdict(f"I = {i_app:.1f} µA/cm², rest {rest} (largest real part {values.real.max():.3f} /ms): "
                       f"{verdict}.", highlight=bool(self.point.stable and firing))
