"""One figure style for the whole book, and the plots every chapter reuses.

Every quantity has one colour (and, for the gates, one line style) wherever it
appears, so a reader who has learned that orange is ``m`` never has to relearn
it. The colours are the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness; the gates also differ in line style.

Each ``plot_*`` function draws onto ``ax`` (a new figure when ``ax`` is None),
labels its axes with units, and returns the axes. They only draw: anything
they show (currents, conductances) is computed by :mod:`excitable.hh` or the
analysis module and read off the result object.

Units on the axes: time in ms, voltage in mV, current density in µA/cm²,
conductance in mS/cm²; gates are dimensionless fractions between 0 and 1.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

COLORS = {
    "v": "#1a1a1a",
    "m": "#E69F00",
    "h": "#CC79A7",
    "n": "#56B4E9",
    "i_na": "#D55E00",
    "i_k": "#0072B2",
    "i_l": "#009E73",
    "i_ion": "#1a1a1a",
    "stimulus": "#7f7f7f",
    "g_na": "#D55E00",
    "g_k": "#0072B2",
    "g_l": "#009E73",
    "rest": "#b0b0b0",
}
"""Colour of each quantity, the same in every figure of the book."""

ION_COLORS = {"K": COLORS["i_k"], "Na": COLORS["i_na"], "Cl": COLORS["i_l"]}
"""Colour of each ion (its current's colour), the same in every figure of the book."""

ION_LABELS = {"K": "K⁺", "Na": "Na⁺", "Cl": "Cl⁻"}
"""Printed name of each ion."""

VALENCE_COLORS = {1: COLORS["i_k"], 2: "#6a3d9a", -1: COLORS["i_l"], -2: "#8c6d1f"}
"""Colour of an ion by its valence, where the ion is generic."""

ACT_COLORS = {"rise": "#fbe3d3", "peak": "#f6f0c4", "repolarization": "#d7e8f5", "undershoot": "#e3e3f3"}
"""Background shade of each act of a spike (:func:`excitable.analysis.spike_acts`)."""

LINESTYLES = {"m": "-", "h": "--", "n": "-."}
"""Line style of each gate, so the gates differ even without colour."""

LABELS = {
    "v": "$V$",
    "m": "$m$",
    "h": "$h$",
    "n": "$n$",
    "i_na": r"$I_\mathrm{Na}$",
    "i_k": r"$I_\mathrm{K}$",
    "i_l": r"$I_\mathrm{L}$",
    "i_ion": r"$I_\mathrm{ion}$",
    "stimulus": r"$I_\mathrm{app}$",
    "g_na": r"$g_\mathrm{Na}$",
    "g_k": r"$g_\mathrm{K}$",
    "g_l": r"$g_\mathrm{L}$",
}
"""Legend label of each quantity."""

UNITS = {"t": "ms", "v": "mV", "current": "µA/cm²", "conductance": "mS/cm²"}
"""Units written on the axes."""

TIME_LABEL = "time (ms)"
VOLTAGE_LABEL = "membrane potential $V$ (mV)"
CURRENT_LABEL = "current density (µA/cm²)"
STIMULUS_LABEL = "$I_\\mathrm{app}$ (µA/cm²)"
GATE_LABEL = "gate (fraction open)"
CONDUCTANCE_LABEL = "conductance (mS/cm²)"

STYLE = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e6e6e6",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=["#1a1a1a", "#0072B2", "#D55E00", "#009E73",
                                         "#E69F00", "#CC79A7", "#56B4E9", "#7f7f7f"]),
    "lines.linewidth": 1.6,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "figure.constrained_layout.use": True,
    "mathtext.default": "regular",
}
"""The book's matplotlib settings (rcParams), applied by :func:`style`."""


@contextlib.contextmanager
def style():
    """Context manager applying :data:`STYLE`; every plotting function uses it.

    ``with style(): ...`` also makes one's own figures match the book.
    """
    with mpl.rc_context(STYLE):
        yield


def use_style() -> None:
    """Apply :data:`STYLE` for the rest of the session (e.g. at the top of a notebook)."""
    mpl.rcParams.update(STYLE)


def new_figure(nrows: int = 1, ncols: int = 1, figsize=None, **subplot_kw):
    """A figure in the book's style and its axes, independent of pyplot's global state.

    The figure is a plain :class:`matplotlib.figure.Figure` (Agg canvas), so
    creating many of them never leaks memory through pyplot; it still
    displays inline in a notebook.
    """
    with style():
        fig = Figure(figsize=figsize or STYLE["figure.figsize"], layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def stacked_beside_tall(figsize, height_ratios, width_ratios):
    """A figure with two stacked axes on the left and one tall axes on the right spanning both rows.

    The bench layout (a trace above the currents or gates that explain it, a summary curve beside them).
    ``height_ratios`` sets the left rows, ``width_ratios`` (left, right) the columns.
    Returns ``(fig, top_left, bottom_left, right)``.
    """
    fig, axes = new_figure(2, 2, figsize=figsize, gridspec_kw={"height_ratios": list(height_ratios),
                                                               "width_ratios": list(width_ratios)})
    grid = axes[0, 1].get_subplotspec().get_gridspec()
    axes[0, 1].remove()
    axes[1, 1].remove()
    with style():
        right = fig.add_subplot(grid[:, 1])
    return fig, axes[0, 0], axes[1, 0], right


def _axes(ax):
    if ax is None:
        _, ax = new_figure()
    return ax


def _rows(t, y):
    """The trace(s) in ``y`` as a 2-D array (n_traces, n_time) matching ``t``."""
    y = np.asarray(y, dtype=float)
    rows = np.atleast_2d(y)
    if rows.shape[-1] != np.asarray(t).shape[-1]:
        raise ValueError(f"trace has {rows.shape[-1]} samples but the time axis has {np.asarray(t).size}")
    return rows


def _plot_traces(ax, t, y, key, label=True, **kwargs):
    rows = _rows(t, y)
    kwargs.setdefault("color", COLORS[key])
    kwargs.setdefault("linestyle", LINESTYLES.get(key, "-"))
    if rows.shape[0] > 1:
        kwargs.setdefault("alpha", max(0.25, 1.0 / np.sqrt(rows.shape[0])))
    lines = []
    for index, row in enumerate(rows):
        lines += ax.plot(t, row, label=LABELS[key] if label and index == 0 else None, **kwargs)
    return lines


FAMILY_COLORMAP = "cividis"
"""Colormap for a family of traces that differ in one parameter (dark = first, light = last)."""


def family_colors(count: int, colormap: str = FAMILY_COLORMAP) -> list:
    """``count`` colours running through :data:`FAMILY_COLORMAP`, for traces ordered by a parameter.

    The light end is cut off so the last trace stays visible on white.
    """
    if count < 1:
        raise ValueError(f"count must be >= 1, got {count!r}")
    cmap = mpl.colormaps[colormap]
    return [cmap(x) for x in np.linspace(0.0, 0.8, count)]


def family_colorbar(fig: Figure, ax, values, colors, label: str):
    """A colour bar beside ``ax`` that names the parameter of each trace of a family.

    ``colors`` are the traces' colours (e.g. from :func:`family_colors`) in the
    order of ``values`` (increasing). Each colour gets its own band centred on
    its value, so twelve close shades are read off a scale instead of a legend
    drawn over the data. At most seven values are written on the bar.
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import BoundaryNorm, ListedColormap

    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size != len(colors) or values.size < 2:
        raise ValueError(f"values must be 1-D with one entry per colour (at least 2), got {values.size} values "
                         f"for {len(colors)} colours")
    if np.any(np.diff(values) <= 0):
        raise ValueError(f"values must increase, got {values.tolist()}")
    middles = 0.5 * (values[1:] + values[:-1])
    edges = np.concatenate([[2 * values[0] - middles[0]], middles, [2 * values[-1] - middles[-1]]])
    mappable = ScalarMappable(norm=BoundaryNorm(edges, len(colors)), cmap=ListedColormap(list(colors)))
    step = int(np.ceil(values.size / 7))
    with style():
        bar = fig.colorbar(mappable, ax=ax, ticks=values[::step], fraction=0.05, pad=0.02)
        bar.set_label(label)
        bar.ax.tick_params(labelsize=STYLE["ytick.labelsize"])
    return bar


def plot_voltage(result, ax=None, rest: float | None = None, **kwargs):
    """Membrane potential V (mV) against time (ms).

    ``result`` is anything with ``t`` and ``v`` (an :class:`excitable.hh.HHResult`,
    one trace or a batch). ``rest`` draws a faint reference line at that
    potential (mV). Extra keyword arguments go to ``Axes.plot``.
    """
    with style():
        ax = _axes(ax)
        if rest is not None:
            ax.axhline(rest, color=COLORS["rest"], linewidth=0.9, linestyle=":", zorder=0)
        _plot_traces(ax, result.t, result.v, "v", **kwargs)
        ax.set_xlabel(TIME_LABEL)
        ax.set_ylabel(VOLTAGE_LABEL)
        ax.set_xlim(result.t[0], result.t[-1])
    return ax


def plot_stimulus(result, ax=None, **kwargs):
    """Applied current I_app (µA/cm², positive = depolarizing) against time (ms)."""
    with style():
        ax = _axes(ax)
        kwargs.setdefault("drawstyle", "steps-post")
        _plot_traces(ax, result.t, result.i_app, "stimulus", **kwargs)
        ax.set_xlabel(TIME_LABEL)
        ax.set_ylabel(STIMULUS_LABEL)
        ax.set_xlim(result.t[0], result.t[-1])
    return ax


def plot_gates(result, ax=None, gates: Sequence[str] = ("m", "h", "n"), legend: bool = True, **kwargs):
    """The gating variables (dimensionless, 0 to 1) against time (ms)."""
    with style():
        ax = _axes(ax)
        for gate in gates:
            if gate not in LINESTYLES:
                raise ValueError(f"gates must be drawn from 'm', 'h', 'n', got {gate!r}")
            _plot_traces(ax, result.t, getattr(result, gate), gate, **kwargs)
        ax.set_xlabel(TIME_LABEL)
        ax.set_ylabel(GATE_LABEL)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlim(result.t[0], result.t[-1])
        if legend:
            ax.legend(loc="upper right", ncols=len(gates))
    return ax


def plot_currents(result, ax=None, currents: Sequence[str] = ("i_na", "i_k", "i_l"), total: bool = False,
                  legend: bool = True, **kwargs):
    """Ionic current densities (µA/cm², outward positive) against time (ms).

    ``currents`` picks from ``'i_na'``, ``'i_k'``, ``'i_l'``; ``total=True``
    adds the net ionic current as a dashed line. The values are read from the
    result's properties, which :mod:`excitable.hh` computes.
    """
    with style():
        ax = _axes(ax)
        for key in currents:
            if key not in ("i_na", "i_k", "i_l"):
                raise ValueError(f"currents must be drawn from 'i_na', 'i_k', 'i_l', got {key!r}")
            _plot_traces(ax, result.t, getattr(result, key), key, **kwargs)
        if total:
            _plot_traces(ax, result.t, result.i_ion, "i_ion", linestyle="--", linewidth=1.0)
        ax.axhline(0.0, color=COLORS["rest"], linewidth=0.8, zorder=0)
        ax.set_xlabel(TIME_LABEL)
        ax.set_ylabel(CURRENT_LABEL + "\noutward > 0")
        ax.set_xlim(result.t[0], result.t[-1])
        if legend:
            ax.legend(loc="upper right", ncols=len(currents) + int(total))
    return ax


def plot_conductances(result, ax=None, conductances: Sequence[str] = ("g_na", "g_k"), legend: bool = True,
                      **kwargs):
    """Conductances (mS/cm²) against time (ms), read from the result's properties."""
    with style():
        ax = _axes(ax)
        for key in conductances:
            if key not in ("g_na", "g_k", "g_l"):
                raise ValueError(f"conductances must be drawn from 'g_na', 'g_k', 'g_l', got {key!r}")
            _plot_traces(ax, result.t, getattr(result, key), key, **kwargs)
        ax.set_xlabel(TIME_LABEL)
        ax.set_ylabel(CONDUCTANCE_LABEL)
        ax.set_xlim(result.t[0], result.t[-1])
        if legend:
            ax.legend(loc="upper right", ncols=len(conductances))
    return ax


def plot_spike_overview(result, rest: float | None = None, currents: bool = True,
                        figsize=(7.0, 7.0)) -> Figure:
    """Stimulus, voltage, gates and (optionally) currents on one shared time axis.

    Returns the figure; its axes are, top to bottom, stimulus, V, gates and
    currents, each labelled with units.
    """
    heights = [0.8, 2.2, 1.4] + ([1.6] if currents else [])
    fig, axes = new_figure(len(heights), 1, figsize=figsize, sharex=True,
                           gridspec_kw={"height_ratios": heights})
    plot_stimulus(result, ax=axes[0])
    plot_voltage(result, ax=axes[1], rest=rest)
    plot_gates(result, ax=axes[2])
    if currents:
        plot_currents(result, ax=axes[3])
    for ax in axes[:-1]:
        ax.set_xlabel("")
        ax.tick_params(labelbottom=False)
    fig.align_ylabels(axes)
    return fig


def annotate_point(ax, x: float, y: float, text: str, offset=(12, 12), color=None):
    """Mark the point (x, y) with a dot and a short text label offset in points."""
    with style():
        color = color or COLORS["v"]
        ax.plot([x], [y], "o", color=color, markersize=4, zorder=5)
        ax.annotate(text, (x, y), xytext=offset, textcoords="offset points", fontsize=9, color=color,
                    arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.7})
    return ax


def plot_voltage_grid(t, v, row_values, col_values, row_label: str, col_label: str,
                      row_format: str = "{:g}", col_format: str = "{:g}", highlight=None,
                      ylim=(-90.0, 60.0), figsize=None) -> Figure:
    """Small multiples: one voltage trace per panel on a rows x columns grid.

    ``v`` has shape (len(row_values), len(col_values), len(t)); panel (i, j)
    shows ``v[i, j]``. Columns are titled ``col_format.format(value)`` and rows
    labelled ``row_format.format(value)`` (put the units there);
    ``col_label``/``row_label`` name the two parameters. ``highlight`` (same
    grid shape, booleans) draws the flagged traces in the voltage colour and
    the others in grey, e.g. spike vs no spike. The panels share their scales
    so they compare directly.
    """
    v = np.asarray(v, dtype=float)
    n_rows, n_cols = len(row_values), len(col_values)
    if v.ndim != 3 or v.shape[:2] != (n_rows, n_cols) or v.shape[2] != np.asarray(t).size:
        raise ValueError(f"v must have shape ({n_rows}, {n_cols}, {np.asarray(t).size}), got {v.shape}")
    figsize = figsize or (1.45 * n_cols + 1.0, 1.1 * n_rows + 0.9)
    fig, axes = new_figure(n_rows, n_cols, figsize=figsize, sharex=True, sharey=True, squeeze=False)
    with style():
        for i in range(n_rows):
            for j in range(n_cols):
                ax = axes[i, j]
                strong = True if highlight is None else bool(np.asarray(highlight)[i, j])
                ax.plot(t, v[i, j], color=COLORS["v"] if strong else COLORS["stimulus"],
                        linewidth=1.2 if strong else 1.0)
                ax.set_ylim(*ylim)
                ax.set_xlim(t[0], t[-1])
                ax.tick_params(labelsize=8)
                if i == 0:
                    ax.set_title(col_format.format(col_values[j]), fontsize=9)
                if j == n_cols - 1:
                    ax.yaxis.set_label_position("right")
                    ax.set_ylabel(row_format.format(row_values[i]), fontsize=9, rotation=0, ha="left",
                                  va="center")
        fig.suptitle(f"columns: {col_label}; rows: {row_label}", fontsize=10)
        fig.supxlabel(TIME_LABEL, fontsize=9)
        fig.supylabel("membrane potential $V$ (mV)", fontsize=9)
    return fig


PIXEL_DENSITY = 2
"""Device pixels per CSS pixel of the figures on the page: sharp on high-density (retina) screens."""

MIN_FONT_KEY = "excitable:min-font-pt"
DPI_KEY = "excitable:dpi"
"""PNG text chunks written by :func:`page_png`: the smallest font size in the figure (points) and the
rendering dpi, from which the browser tests compute the smallest text size a reader sees."""


def min_font_size(fig: Figure) -> float:
    """The smallest font size (points) of any visible, non-empty text in ``fig``.

    Call after the figure has been drawn (tick labels exist only then). Sub- and
    superscripts in math text are set smaller than this by matplotlib.
    """
    from matplotlib.text import Text

    sizes = [text.get_fontsize() for text in fig.findobj(Text)
             if text.get_visible() and text.get_text().strip()]
    return float(min(sizes)) if sizes else float("nan")


def page_png(fig: Figure, density: float = PIXEL_DENSITY) -> tuple[bytes, dict]:
    """The figure as a PNG for a web page, and its display width in CSS pixels.

    The PNG has ``density`` device pixels per CSS pixel (``fig.dpi`` CSS pixels
    per inch, as before), so it is sharp on high-density screens and shows at
    the same size as a 1x image: the returned ``{"width": ...}`` is what the
    page should display it at (myst-nb writes it on the ``<img>``). The smallest
    font size and the dpi are stored in the PNG for the site's legibility test.
    """
    if not density > 0:
        raise ValueError(f"density must be > 0, got {density!r}")
    fig.canvas.draw()
    dpi = fig.dpi * density
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight",
                metadata={MIN_FONT_KEY: f"{min_font_size(fig):g}", DPI_KEY: f"{dpi:g}"})
    data = buffer.getvalue()
    width_px = int.from_bytes(data[16:20], "big")  # IHDR width
    return data, {"width": round(width_px / density)}


class PagePNG:
    """A figure as the page shows it: displays as :func:`page_png` (2x PNG, display width, font record).

    Returned by :func:`show`; IPython, JupyterLab and myst-nb show it as the
    PNG, at the width in CSS pixels that :func:`page_png` computes.
    """

    def __init__(self, fig: Figure, density: float = PIXEL_DENSITY):
        if not isinstance(fig, Figure):
            raise ValueError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
        if not density > 0:
            raise ValueError(f"density must be > 0, got {density!r}")
        self.figure = fig
        self.density = density

    def _repr_png_(self) -> tuple[bytes, dict]:
        return page_png(self.figure, self.density)

    def __repr__(self) -> str:
        width, height = self.figure.get_size_inches()
        return f"<figure {width:g} in x {height:g} in>"


def show(fig: Figure, density: float = PIXEL_DENSITY) -> PagePNG:
    """Show ``fig`` as the cell's result: the book's figure, in JupyterLab and on the site.

    End the cell that draws a figure with ``plotting.show(fig)``; the cell's
    metadata gives the caption, label and alt text (myst-nb's ``mystnb.figure``
    and ``mystnb.image.alt`` options; CONTRIBUTING.md shows how). The PNG is
    the one :func:`page_png` makes: ``density`` times sharper than its display
    width, with the smallest font size recorded for the site's legibility test.
    """
    return PagePNG(fig, density)


def _enable_notebook_display() -> None:
    """Let bare :class:`~matplotlib.figure.Figure` objects display (and glue) as PNG in IPython.

    The figures here are made without pyplot (so they never pile up in pyplot's
    registry or get shown twice); IPython only knows how to show such figures
    once ``%matplotlib inline`` has run, so register a PNG formatter here when
    running inside IPython and none is registered yet. It renders at
    :data:`PIXEL_DENSITY` times the figure's dpi (see :func:`page_png`).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    if Figure in formatter.type_printers:
        return
    formatter.for_type(Figure, page_png)


_enable_notebook_display()


class LiveFigure:
    """Fast redraws of a figure whose only changing parts are a few artists (blitting).

    The figure is drawn once without the ``dynamic`` artists and that
    background is kept; each :meth:`render_png` restores the background, draws
    just the dynamic artists (lines, markers, texts whose data changed) and
    encodes the canvas as PNG. This is several times faster than a full
    redraw, which re-lays out every tick label. The figure stays an ordinary
    figure: ``savefig`` or displaying it draws everything as usual.

    Backgrounds are kept per state of the axes (their limits and scales), up to
    :attr:`max_backgrounds` of them: an explorer that rescales an axis pays for
    a full draw the first time it reaches a given set of limits, and only a
    blit when it returns there. Call :meth:`invalidate` after changing anything
    else that is static (labels, titles, static lines).
    """

    max_backgrounds = 12
    """How many backgrounds (one per axes state, about 1.5 MB each) are kept."""

    def __init__(self, figure: Figure, dynamic, compress_level: int = 1):
        self.figure = figure
        self.dynamic = list(dynamic)
        self.compress_level = int(compress_level)
        if not isinstance(figure.canvas, FigureCanvasAgg):
            FigureCanvasAgg(figure)
        self._backgrounds = {}

    def _axes_state(self) -> tuple:
        """What the static background depends on besides the artists: canvas size, axis limits and scales."""
        return (self.figure.canvas.get_width_height(),
                tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale()) for ax in self.figure.axes))

    def _freeze_layout(self) -> None:
        """Keep the layout of the first full draw: no layout engine, and axis labels pinned where the
        first draw put them (placing aligned labels otherwise costs a quarter of every later full draw)."""
        self.figure.set_layout_engine("none")
        for ax in self.figure.axes:
            for axis in (ax.xaxis, ax.yaxis):
                label = axis.label
                where = ax.transAxes.inverted().transform(label.get_transform().transform(label.get_position()))
                axis.set_label_coords(*where)

    def _draw_background(self):
        canvas = self.figure.canvas
        visible = [artist.get_visible() for artist in self.dynamic]
        for artist in self.dynamic:
            artist.set_visible(False)
        canvas.draw()
        if not self._backgrounds:
            self._freeze_layout()
        background = canvas.copy_from_bbox(self.figure.bbox)
        for artist, shown in zip(self.dynamic, visible, strict=True):
            artist.set_visible(shown)
        return background

    def invalidate(self) -> None:
        """Forget every background (call after changing static content other than axis limits)."""
        self._backgrounds.clear()

    def render_png(self) -> bytes:
        """PNG bytes of the figure as it is now."""
        from PIL import Image

        buffer = io.BytesIO()
        # RGB: the figure is opaque, and a PNG without the alpha channel is about a tenth smaller.
        Image.fromarray(np.ascontiguousarray(self.render()[..., :3])).save(buffer, format="png",
                                                                            compress_level=self.compress_level)
        return buffer.getvalue()

    def render(self) -> np.ndarray:
        """The figure as it is now, as an RGBA pixel array (a view of the canvas: copy it to keep it)."""
        canvas = self.figure.canvas
        state = self._axes_state()
        background = self._backgrounds.get(state)
        if background is None:
            if len(self._backgrounds) >= self.max_backgrounds:
                self._backgrounds.pop(next(iter(self._backgrounds)))  # the oldest
            background = self._backgrounds[state] = self._draw_background()
        renderer = canvas.get_renderer()
        canvas.restore_region(background)
        for artist in self.dynamic:
            if artist.get_visible():
                artist.draw(renderer)
        return np.asarray(renderer.buffer_rgba())


def figure_to_png(fig: Figure, dpi: float | None = None) -> bytes:
    """Render ``fig`` to PNG bytes (used by the explorers to update an image widget)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, bbox_inches=None)
    return buffer.getvalue()
