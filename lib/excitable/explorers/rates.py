"""Explorers of the rate constants: HH's rate functions, and recovering them from noisy clamp records."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import _checks, gating, plotting
from ..fitting import extract_k_rates, gate_onset
from ..hh import STANDARD
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, Explorer, Verdict, check_span, slider

VOLTAGE_RANGE = (-100.0, 50.0)
"""Voltages (mV) drawn and offered for the marker."""

TEMPERATURE_RANGE = (0.0, 30.0)
"""Temperatures (°C) the rate explorer offers."""


class RateFunctionExplorer(Explorer):
    """alpha, beta, x_inf and tau of one HH gate against voltage, at a chosen temperature.

    Controls: the gate (m, h or n), the temperature (°C; scales both rates by 3**((T - 6.3)/10), so
    tau changes and x_inf does not) and a marker voltage (mV) where the four numbers are read off.
    The other two gates are drawn faintly for comparison.
    """

    static_grid = {"gate": ("m", "h", "n"), "celsius": (6.3, 16.3, 26.3), "v": (-80.0, -65.0, -40.0, 0.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, gate: str = "n", celsius: float = 6.3, v: float = -65.0):
        _checks.choice("gate", gate, ("m", "h", "n"))
        self.v_axis = np.linspace(*VOLTAGE_RANGE, 301)
        gate_control = widgets.ToggleButtons(options=["m", "h", "n"], value=gate, description="gate",
                                             layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE)
        super().__init__({"gate": gate_control,
                          "celsius": slider(celsius, *TEMPERATURE_RANGE, 0.1, "temperature (°C)"),
                          "v": slider(v, *VOLTAGE_RANGE, 1.0, "marker V (mV)")})

    def values_at(self, gate: str, v, celsius: float):
        """(alpha, beta, x_inf, tau) of ``gate`` at V (mV) and ``celsius``; rates in 1/ms, tau in ms."""
        alpha, beta = gating.hh_rates(gate, v, celsius)
        return alpha, beta, gating.steady_state(alpha, beta), gating.time_constant(alpha, beta)

    def _build_figure(self):
        fig, axes = plotting.new_figure(1, 3, figsize=(8.4, 3.4))
        ax_r, ax_x, ax_t = axes
        lines = {}
        for key, style in (("alpha", "-"), ("beta", "--")):  # grey in the legend; drawn in the gate's colour
            (lines[key],) = ax_r.plot([], [], linestyle=style, color="#666666", label=rf"$\{key}$")
        ax_r.set_yscale("log")
        ax_r.set_ylim(1e-4, 1e3)
        ax_r.set_ylabel("rate (1/ms)")
        ax_r.legend(loc="upper center", ncols=2)
        for gate in "mhn":  # faint context curves for all gates
            (lines[f"x_{gate}"],) = ax_x.plot([], [], color=plotting.COLORS[gate],
                                              linestyle=plotting.LINESTYLES[gate], label=plotting.LABELS[gate])
            (lines[f"tau_{gate}"],) = ax_t.plot([], [], color=plotting.COLORS[gate],
                                                linestyle=plotting.LINESTYLES[gate])
        ax_x.set_ylim(-0.03, 1.03)
        ax_x.set_ylabel(r"steady state $x_\infty$")
        ax_x.legend(loc="center right")
        ax_t.set_yscale("log")
        ax_t.set_ylim(3e-3, 30.0)
        ax_t.set_ylabel(r"time constant $\tau_x$ (ms)")
        markers = {}
        for name, ax in (("alpha", ax_r), ("beta", ax_r), ("x", ax_x), ("tau", ax_t)):
            (markers[name],) = ax.plot([], [], "o", color=plotting.COLORS["v"], markersize=5, zorder=5)
        for ax in axes:
            ax.set_xlim(*VOLTAGE_RANGE)
            ax.set_xlabel("$V$ (mV)")
        (cursor_x,) = ax_x.plot([], [], color=plotting.COLORS["rest"], linewidth=0.8)
        text = ax_t.text(0.98, 0.97, "", transform=ax_t.transAxes, ha="right", va="top", fontsize=8)
        return fig, {**lines, **{f"mark_{k}": m for k, m in markers.items()}, "cursor": cursor_x, "text": text}

    def _redraw(self) -> Verdict:
        gate, celsius, v = (self.controls[k].value for k in ("gate", "celsius", "v"))
        a = self._artists
        for other in "mhn":
            _, _, x_inf, tau = self.values_at(other, self.v_axis, celsius)
            strong = other == gate
            for key, y in ((f"x_{other}", x_inf), (f"tau_{other}", tau)):
                a[key].set_data(self.v_axis, y)
                a[key].set_alpha(1.0 if strong else 0.25)
                a[key].set_linewidth(2.0 if strong else 1.0)
        alpha, beta, _, _ = self.values_at(gate, self.v_axis, celsius)
        for key, y in (("alpha", alpha), ("beta", beta)):
            a[key].set_data(self.v_axis, y)
            a[key].set_color(plotting.COLORS[gate])
        self.point = point = [float(x) for x in self.values_at(gate, v, celsius)]
        for key, y in zip(("alpha", "beta", "x", "tau"), point, strict=True):
            a[f"mark_{key}"].set_data([v], [y])
        a["cursor"].set_data([v, v], [0.0, 1.0])
        a["text"].set_text(f"{gate} at {v:.0f} mV, {celsius:.1f} °C")
        return Verdict(f"Gate {gate} at {v:.0f} mV and {celsius:.1f} °C: α = {point[0]:.3g} /ms, "
                       f"β = {point[1]:.3g} /ms, {gate}∞ = {point[2]:.3f}, τ = {point[3]:.3g} ms.")


NOISE_RANGE = (0.0, 3.0)
"""Noise levels (standard deviation, mS/cm²) the recovery explorer offers."""

STEP_COUNT_RANGE = (3, 12)
"""Numbers of clamp steps the recovery explorer offers."""

SEED_RANGE = (0, 20)
"""Seeds of the random generator the recovery explorer offers."""

HOLDING_RANGE = (-120.0, -50.0)
"""Holding potentials (mV) the recovery explorer accepts (below every step, where n is nearly closed)."""

STEP_VOLTAGES = (-50.0, 60.0)
"""Lowest and highest step potential (mV) of the recovery experiment (steps spaced evenly)."""


class RateRecoveryExplorer(Explorer):
    """Recover alpha_n and beta_n from noisy simulated K+ clamp records and compare with HH's functions.

    Controls: noise (standard deviation of Gaussian noise added to g_K, mS/cm²), number of steps
    (spread evenly over :data:`STEP_VOLTAGES` from a holding potential of -65 mV) and the seed of the
    numpy random generator. Left: the noisy records with their fits; right: recovered rates (dots) on
    HH's curves. Attributes: ``extraction`` (:class:`~excitable.fitting.RateExtraction`),
    ``alpha_error`` and ``beta_error`` (median relative error, dimensionless).
    """

    static_grid = {"noise_sd": (0.0, 0.1, 0.5, 1.0, 2.0, 3.0), "n_steps": (4, 8, 12)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, noise_sd: float = 0.5, n_steps: int = 8, seed: int = 1, holding: float = -65.0):
        n_steps = _checks.integer("n_steps", n_steps, *STEP_COUNT_RANGE)
        seed = _checks.integer("seed", seed, *SEED_RANGE)
        self.holding = check_span("holding", holding, *HOLDING_RANGE, "mV")
        self.v_axis = np.linspace(-70.0, 70.0, 141)
        super().__init__({
            "noise_sd": slider(noise_sd, *NOISE_RANGE, 0.05, "noise (mS/cm²)"),
            "n_steps": widgets.IntSlider(value=n_steps, min=STEP_COUNT_RANGE[0], max=STEP_COUNT_RANGE[1],
                                         description="number of steps", layout=widgets.Layout(**CONTROL_LAYOUT),
                                         style=CONTROL_STYLE),
            "seed": widgets.IntSlider(value=seed, min=SEED_RANGE[0], max=SEED_RANGE[1], description="random seed",
                                      layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE),
        })

    def voltages(self):
        """Step potentials (mV) for the current number of steps."""
        return np.linspace(*STEP_VOLTAGES, int(self.controls["n_steps"].value))

    def _build_figure(self):
        fig, (ax_g, ax_r) = plotting.new_figure(1, 2, figsize=(8.4, 3.4), gridspec_kw={"width_ratios": [1.0, 1.2]})
        (records,) = ax_g.plot([], [], color=plotting.COLORS["g_k"], linewidth=0.6, alpha=0.6, label="noisy records")
        (fits,) = ax_g.plot([], [], color=plotting.COLORS["v"], linewidth=1.0, label="fits")
        ax_g.legend(loc="upper left", fontsize=8)
        ax_g.set_xlim(0.0, 12.0)
        ax_g.set_ylim(-8.0, 40.0)
        ax_g.set_xlabel("time from step (ms)")
        ax_g.set_ylabel(r"$g_\mathrm{K}$ (mS/cm²)")
        ax_r.plot(self.v_axis, gating.alpha_n(self.v_axis), color=plotting.COLORS["n"], label=r"HH $\alpha_n$")
        ax_r.plot(self.v_axis, gating.beta_n(self.v_axis), color=plotting.COLORS["n"], linestyle="--",
                  label=r"HH $\beta_n$")
        (alpha,) = ax_r.plot([], [], "o", color=plotting.COLORS["i_k"], markersize=5, label=r"recovered $\alpha_n$")
        (beta,) = ax_r.plot([], [], "s", color=plotting.COLORS["i_na"], markersize=5, label=r"recovered $\beta_n$")
        ax_r.set_yscale("log")
        ax_r.set_ylim(3e-3, 5.0)
        ax_r.set_xlim(self.v_axis[0], self.v_axis[-1])
        ax_r.set_xlabel("step potential $V$ (mV)")
        ax_r.set_ylabel("rate (1/ms)")
        ax_r.legend(loc="lower right", fontsize=8, ncols=2)
        return fig, {"records": records, "fits": fits, "alpha": alpha, "beta": beta}

    def _redraw(self) -> Verdict:
        rng = np.random.default_rng(int(self.controls["seed"].value))
        v = self.voltages()
        self.extraction = ex = extract_k_rates(v, holding=self.holding, noise_sd=float(self.controls["noise_sd"].value),
                                               rng=rng, params=STANDARD)
        a = self._artists
        # all records (and all fits) as one line each, separated by NaN gaps: one artist to redraw
        gap = np.full((v.size, 1), np.nan)
        times = np.hstack([np.tile(ex.t, (v.size, 1)), gap]).ravel()
        fits = [gate_onset(ex.t, ex.n0[k], ex.n_inf[k], ex.tau[k], 4.0, STANDARD.g_k) for k in range(v.size)]
        a["records"].set_data(times, np.hstack([ex.records, gap]).ravel())
        a["fits"].set_data(times, np.hstack([np.array(fits), gap]).ravel())
        a["alpha"].set_data(v, np.where(ex.alpha > 0, ex.alpha, np.nan))
        a["beta"].set_data(v, np.where(ex.beta > 0, ex.beta, np.nan))
        self.alpha_error = float(np.median(np.abs(ex.alpha / gating.alpha_n(v) - 1.0)))
        self.beta_error = float(np.median(np.abs(ex.beta / gating.beta_n(v) - 1.0)))
        good = max(self.alpha_error, self.beta_error) < 0.1
        return Verdict(f"{v.size} steps, noise {self.controls['noise_sd'].value:.2f} mS/cm²: median error "
                       f"{100 * self.alpha_error:.0f}% in α_n and {100 * self.beta_error:.0f}% in β_n.",
                       highlight=good)
