"""The voltage-clamp bench: hold, step, and watch the Na+ and K+ currents, conductances and gates.

:class:`VoltageClampBench` is reusable: the gating chapter shows it with holding and step potentials,
temperature and drugs; other pages can hide the drug controls (``drugs=False``) or start it with a drug
already applied.
"""

from __future__ import annotations

import ipywidgets as widgets

from .. import _checks, drugs, plotting
from ..hh import CELSIUS_RANGE, STANDARD, HHParams, voltage_clamp
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, DT_RANGE, T_STOP_RANGE, Explorer, Verdict, check_span, slider

HOLDING_RANGE = (-120.0, -40.0)
"""Holding potentials (mV) the bench offers."""

STEP_RANGE = (-100.0, 80.0)
"""Step potentials (mV) the bench offers."""

TEMPERATURE_RANGE = (0.0, 30.0)
"""Temperatures (°C) the bench offers (within the model's range)."""

TTX_RANGE = (0.0, 50.0)
"""External tetrodotoxin concentrations (nM) the bench offers."""

TEA_RANGE = (0.0, 20.0)
"""Tetraethylammonium concentrations (mM) the bench offers."""

SEGMENT_RANGE = (0.1, T_STOP_RANGE[1])
"""Durations (ms) of the holding periods and of the step the bench accepts."""

LEGEND_BESIDE = {"loc": "center left", "bbox_to_anchor": (1.01, 0.5), "fontsize": 8}
"""Where the bench's legends go: beside their panel, never over the traces."""

CURRENT_LIMITS = (100.0, 300.0, 1000.0, 3000.0, 10000.0, 30000.0)
"""Half-ranges (µA/cm²) of the current axis; the smallest that holds the currents is used on each side."""


class VoltageClampBench(Explorer):
    """An ideal voltage clamp on the HH membrane.

    The membrane sits at the holding potential for ``pre`` ms, is stepped for ``duration`` ms and
    returned to the holding potential for ``post`` ms. Panels: command voltage; Na+, K+ and total ionic
    currents (µA/cm², outward positive); g_Na and g_K (mS/cm²); the gates m, h, n.

    Parameters
    ----------
    holding, step : initial holding and step potentials (mV)
    celsius : initial temperature (°C)
    ttx_nM, tea_mM, pronase : initial drugs (see :func:`excitable.drugs.apply`)
    drugs : whether to offer the drug controls
    params : the membrane before drugs (:class:`~excitable.hh.HHParams`; its temperature is replaced)

    Attributes: ``result`` (the latest :class:`~excitable.hh.ClampResult`), ``peak_inward`` and
    ``late_outward`` (µA/cm²: most negative current and the current at the end of the step).
    """

    static_grid = {"step": (-60.0, -40.0, -20.0, 0.0, 20.0, 50.0, 80.0), "ttx_nM": (0.0, 50.0), "tea_mM": (0.0, 20.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, holding: float = -65.0, step: float = 0.0, celsius: float = 6.3, ttx_nM: float = 0.0,
                 tea_mM: float = 0.0, pronase: bool = False, drugs: bool = True, params: HHParams = STANDARD,
                 pre: float = 2.0, duration: float = 20.0, post: float = 5.0, dt: float = 0.02):
        if not TEMPERATURE_RANGE[0] >= CELSIUS_RANGE[0] or not TEMPERATURE_RANGE[1] <= CELSIUS_RANGE[1]:
            raise ValueError("TEMPERATURE_RANGE must lie within the model's CELSIUS_RANGE")
        self.base_params = _checks.instance("params", params, HHParams)
        drugs, pronase = _checks.boolean("drugs", drugs), _checks.boolean("pronase", pronase)
        # The drugs are checked here too: without drug controls no slider checks them.
        check_span("ttx_nM", ttx_nM, *TTX_RANGE, "nM")
        check_span("tea_mM", tea_mM, *TEA_RANGE, "mM")
        self.pre = check_span("pre", pre, *SEGMENT_RANGE)
        self.duration = check_span("duration", duration, *SEGMENT_RANGE)
        self.post = check_span("post", post, *SEGMENT_RANGE)
        self.dt = check_span("dt", dt, *DT_RANGE)
        controls = {
            "holding": slider(holding, *HOLDING_RANGE, 1.0, "holding (mV)"),
            "step": slider(step, *STEP_RANGE, 1.0, "step to (mV)"),
            "celsius": slider(celsius, *TEMPERATURE_RANGE, 0.1, "temperature (°C)"),
        }
        if drugs:
            controls["ttx_nM"] = slider(ttx_nM, *TTX_RANGE, 0.5, "TTX (nM)")
            controls["tea_mM"] = slider(tea_mM, *TEA_RANGE, 0.1, "TEA (mM)")
            controls["pronase"] = widgets.Checkbox(value=bool(pronase), description="pronase (no inactivation)",
                                                   layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE,
                                                   indent=True)
        self._fixed_drugs = {"ttx_nM": ttx_nM, "tea_mM": tea_mM, "pronase": bool(pronase)}
        super().__init__(controls)

    # -- physics -------------------------------------------------------------------------------
    def drug_state(self) -> dict:
        """The drugs now applied: ``{"ttx_nM": ..., "tea_mM": ..., "pronase": ...}``."""
        return {k: self.controls[k].value if k in self.controls else v for k, v in self._fixed_drugs.items()}

    def params(self) -> HHParams:
        """The membrane under the current temperature and drugs."""
        state = self.drug_state()
        warm = self.base_params.replace(celsius=float(self.controls["celsius"].value))
        return drugs.apply(warm, ttx_nM=float(state["ttx_nM"]), tea_mM=float(state["tea_mM"]),
                           pronase=bool(state["pronase"]))

    def protocol(self):
        """The command as (voltage in mV, duration in ms) segments after the holding period."""
        holding, step = self.controls["holding"].value, self.controls["step"].value
        return [(holding, self.pre), (step, self.duration), (holding, self.post)]

    def simulate(self):
        """Run the clamp for the current controls."""
        return voltage_clamp(self.protocol(), holding=self.controls["holding"].value, dt=self.dt,
                             params=self.params())

    # -- drawing -------------------------------------------------------------------------------
    def _build_figure(self):
        # Legends beside the panels, off the traces (which fill each panel at some step).
        fig, axes = plotting.new_figure(4, 1, figsize=(7.0, 5.4), sharex=True,
                                        gridspec_kw={"height_ratios": [0.9, 1.9, 1.4, 1.2]})
        ax_v, ax_i, ax_g, ax_x = axes
        (command,) = ax_v.plot([], [], color=plotting.COLORS["v"], drawstyle="steps-post")
        ax_v.set_ylim(STEP_RANGE[0] - 25.0, STEP_RANGE[1] + 10.0)
        ax_v.set_ylabel("command\n$V$ (mV)")
        lines = {}
        for key in ("i_na", "i_k"):
            (lines[key],) = ax_i.plot([], [], color=plotting.COLORS[key], label=plotting.LABELS[key])
        (lines["i_ion"],) = ax_i.plot([], [], color=plotting.COLORS["i_ion"], linestyle="--", linewidth=1.0,
                                      label="total ionic")
        ax_i.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
        ax_i.set_ylabel("current (µA/cm²)\noutward > 0")
        ax_i.legend(**LEGEND_BESIDE)
        for key in ("g_na", "g_k"):
            (lines[key],) = ax_g.plot([], [], color=plotting.COLORS[key], label=plotting.LABELS[key])
        ax_g.set_ylim(-1.0, 45.0)
        ax_g.set_ylabel("$g$ (mS/cm²)")
        ax_g.legend(**LEGEND_BESIDE)
        for gate in "mhn":
            (lines[gate],) = ax_x.plot([], [], color=plotting.COLORS[gate], linestyle=plotting.LINESTYLES[gate],
                                       label=plotting.LABELS[gate])
        ax_x.set_ylim(-0.03, 1.03)
        ax_x.set_ylabel("gate")
        ax_x.legend(**LEGEND_BESIDE)
        ax_x.set_xlabel(plotting.TIME_LABEL)
        ax_x.set_xlim(0.0, self.pre + self.duration + self.post)
        label = ax_i.text(0.01, 0.04, "", transform=ax_i.transAxes, ha="left", va="bottom", fontsize=8,
                          bbox={"facecolor": "white", "edgecolor": "#d0d0d0", "boxstyle": "round,pad=0.3",
                                "alpha": 0.9})
        fig.align_ylabels(axes)
        self._ax_i, self._current_limits = ax_i, None
        return fig, {"command": command, **lines, "label": label}

    @staticmethod
    def _limit(extent: float) -> float:
        """The smallest of :data:`CURRENT_LIMITS` that holds ``extent`` (µA/cm²), else the largest."""
        return next((c for c in CURRENT_LIMITS if extent <= 0.95 * c), CURRENT_LIMITS[-1])

    def _redraw(self) -> Verdict:
        self.result = result = self.simulate()
        a = self._artists
        a["command"].set_data(result.t, result.v)
        for key in ("i_na", "i_k", "i_ion", "g_na", "g_k", "m", "h", "n"):
            a[key].set_data(result.t, getattr(result, key))
        in_step = (result.t > self.pre) & (result.t <= self.pre + self.duration)
        current = result.i_ion[in_step]
        self.peak_inward = float(min(current.min(), 0.0))
        self.late_outward = float(current[-1])
        low = self._limit(-min(result.i_na.min(), result.i_ion.min()))
        high = self._limit(max(result.i_k.max(), result.i_ion.max()))
        if (low, high) != self._current_limits:
            self._current_limits = (low, high)
            self._ax_i.set_ylim(-low, high)
        state = self.drug_state()
        a["label"].set_text(f"{self.controls['holding'].value:.0f} → {self.controls['step'].value:.0f} mV, "
                            f"{self.controls['celsius'].value:.1f} °C, {drugs.describe(**state)}")
        inward = self.peak_inward < -1.0
        return Verdict(f"Peak inward current {self.peak_inward:.0f} µA/cm²; current at the end of the step "
                       f"{self.late_outward:+.0f} µA/cm² ({drugs.describe(**state)}).", highlight=inward)
