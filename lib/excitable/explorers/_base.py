"""What every explorer shares: controls, a one-line verdict, a figure shown as a PNG image.

A subclass supplies three things:

- its controls, passed to :meth:`Explorer.__init__` as a dict of name ->
  ipywidgets value widget (make sliders with :func:`slider` so they share one
  look);
- :meth:`Explorer._build_figure`, returning the figure (made once) and a dict
  of the artists that change on an update (lines, markers, texts);
- :meth:`Explorer._redraw`, which recomputes for the current control values,
  updates those artists and returns a :class:`Verdict` (one sentence for the
  reader).

The base class wires the controls to :meth:`Explorer.update`, redraws only the
changing artists (:class:`~excitable.plotting.LiveFigure`), shows the
verdict, offers :meth:`Explorer.set` to move controls from code, and displays
as the widget in a live kernel with the current PNG as the fallback where
widgets cannot render. An update should take well under 100 ms.

The static book: a subclass declares ``static_grid``, a dict control name ->
values worth showing (one line). :meth:`Explorer.static_widget` drives the
explorer's own controls through every combination of those values (the
current value of each control is always one of them), keeps each figure as a
small palette PNG with its verdict, and builds an explorer that works with no
kernel: a ``SelectionSlider`` per gridded control whose ``index`` is linked in
the browser (``jslink``) to the ``selected_index`` of nested ``Stack``
widgets, whose leaves are the precomputed verdict and image. Where it is
displayed is decided by :func:`static_mode` (see there): a notebook executed
for the book or its tests shows the precomputed explorer, a kernel that a
Jupyter server started for a reader (JupyterLab, Binder) the live one.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
import os
import sys
import weakref
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import _checks, plotting
from ..hh import CELSIUS_RANGE, MAX_DT

EXPLORER_DPI = 100
"""Resolution of the explorer's live image (dots per inch); low enough to redraw quickly."""

CONTROL_LAYOUT = {"width": "560px", "max_width": "100%"}
"""Layout of every control (an ipywidgets ``Layout`` keyword dict)."""

CONTROL_STYLE = {"description_width": "150px"}
"""Style of every control: room for a description with its unit."""

TWO_COLUMNS_FROM = 5
"""An explorer with this many controls or more lays them out in two columns (to fit a laptop screen)."""

COLUMN_CONTROL_WIDTH = "450px"
"""Width of each control when the controls sit in two columns."""

STATIC_MODE_VARIABLE = "EXCITABLE_EXPLORERS"
"""Environment variable choosing how explorers display: ``static`` (precomputed) or ``live``."""

MAX_STATIC_FRAMES = 64
"""Most frames (grid points) a static explorer may hold."""

FRAME_COLORS = 64
"""Palette size of a precomputed frame (PNG with an adaptive palette: a quarter of the RGB size)."""

FRAME_COMPRESS_LEVEL = 6
"""zlib level of a precomputed frame's PNG."""

T_STOP_RANGE = (1.0, 2000.0)
"""Simulated spans (ms) an explorer of the HH membrane accepts: room for a pulse, and an update stays quick."""

FIXED_CELSIUS_RANGE = CELSIUS_RANGE
"""Temperatures (°C) an explorer accepts where the temperature is a keyword, not a control (the model's range)."""

DT_RANGE = (0.001, MAX_DT)
"""Time steps (ms) an explorer of the HH membrane accepts (at most the integrator's largest step)."""


def static_mode() -> bool:
    """Whether an explorer displays its precomputed, kernel-free form (True) or the live one.

    ``EXCITABLE_EXPLORERS=static`` or ``=live`` decides when set (the book's Sphinx extension
    ``tools/offline_widgets.py`` sets ``static`` for the kernels of ``jupyter-book build``). Otherwise
    a kernel started by a Jupyter server for a notebook, which sets ``JPY_SESSION_NAME`` (JupyterLab,
    Notebook 7, Binder), is live, and anything else that executes a notebook (myst-nb, jupyter-cache,
    nbval, nbconvert) is static: so the stored outputs of a notebook run for the tests can be reused
    by the book build and still show the static explorer.
    """
    mode = os.environ.get(STATIC_MODE_VARIABLE, "").strip().lower()
    if mode in ("static", "live"):
        return mode == "static"
    if mode:
        raise ValueError(f"{STATIC_MODE_VARIABLE} must be 'static' or 'live', got {mode!r}")
    return "JPY_SESSION_NAME" not in os.environ


def encode_frame(pixels: np.ndarray, min_font_pt: float | None = None, dpi: float | None = None) -> bytes:
    """A figure's RGB(A) pixels as a small PNG with an adaptive palette of :data:`FRAME_COLORS` colours.

    Given the figure's smallest font size (points, :func:`plotting.min_font_size`) and the dpi it was drawn
    at, the PNG records both as :func:`plotting.page_png`'s figures do, for the site's legibility test.
    """
    from PIL import Image, PngImagePlugin

    image = Image.fromarray(np.ascontiguousarray(pixels[..., :3]))
    image = image.quantize(colors=FRAME_COLORS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    record = None
    if min_font_pt is not None and dpi is not None:
        record = PngImagePlugin.PngInfo()
        record.add_text(plotting.MIN_FONT_KEY, f"{min_font_pt:g}")
        record.add_text(plotting.DPI_KEY, f"{dpi:g}")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=FRAME_COMPRESS_LEVEL, pnginfo=record)
    return buffer.getvalue()


def _choices(control) -> list | None:
    """The values of a choice control (checkbox, dropdown, toggle buttons), or None for a slider."""
    if isinstance(control.value, bool):
        return [False, True]
    if hasattr(control, "options") and not hasattr(control, "include"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    return None


def _label(control, value) -> str:
    """How a control's readout shows ``value``."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if hasattr(control, "options"):
        for option in control.options:
            label, v = option if isinstance(option, tuple) else (str(option), option)
            if v == value:
                return str(label)
    fmt = getattr(control, "readout_format", "")
    return format(value, fmt if fmt and fmt != "d" else "g")


def slider(value: float, low: float, high: float, step: float, description: str,
           readout_format: str = ".1f") -> widgets.FloatSlider:
    """A float slider in the explorers' common look; ``value`` must lie in [low, high].

    ``description`` names the quantity with its unit, e.g. ``"amplitude (µA/cm²)"``.
    """
    if not _is_real_number(value) or not low <= value <= high:
        raise ValueError(f"{keyword_of(value, description)} must lie between {low:g} and {high:g}, got {value!r}")
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               readout_format=readout_format, continuous_update=True,
                               layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE)


def keyword_of(value, description: str) -> str:
    """The explorer keyword that passed ``value`` to a control helper, with the control's ``description``.

    The helpers are called from an explorer's ``__init__`` with one of its arguments; naming that argument
    (``amplitude``, not only "step (µA/cm²)") tells the caller which keyword was wrong. The argument is found
    by identity; where several hold the very same object (None, say), those left at their default are dropped,
    and any still ambiguous are all named.
    """
    frame = sys._getframe(2)  # the explorer's __init__ (this function <- slider <- __init__)
    try:
        code = frame.f_code
        arguments = code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]
        names = [name for name in arguments if frame.f_locals.get(name, _MISSING) is value]
        if len(names) > 1:
            defaults = _defaults_of(code, frame.f_locals.get("self"))
            names = [name for name in names if defaults.get(name, _MISSING) is not value] or names
    finally:
        del frame
    return f"{' or '.join(names)} ({description})" if names else description


def _defaults_of(code, instance) -> dict:
    """The default values of the method of ``instance``'s class (or a base class) whose code is ``code``."""
    for klass in type(instance).__mro__:
        for function in vars(klass).values():
            if getattr(function, "__code__", None) is code:
                return {**dict(zip(reversed(code.co_varnames[:code.co_argcount]),
                                   reversed(function.__defaults__ or ()))), **(function.__kwdefaults__ or {})}
    return {}


def _is_real_number(value) -> bool:
    """Whether ``value`` is one real number (int or float, numpy's included; not a bool, string or array)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def check_span(name: str, value, low: float, high: float, unit: str = "ms") -> float:
    """An explorer keyword that is no control (a span, a step, a potential): one number in [low, high]."""
    return _checks.scalar_in_range(name, value, low, high, unit)


_MISSING = object()


@dataclass(frozen=True)
class Verdict:
    """What the explorer shows under its controls: one sentence, and whether it is the notable case.

    text : plain-text sentence for the reader
    highlight : True draws the sentence in green (e.g. "a spike"), False in grey
    """

    text: str
    highlight: bool = False

    def html(self) -> str:
        colour = "#1a7a1a" if self.highlight else "#555555"
        return f"<span style='color:{colour}'><b>{self.text}</b></span>"


class Explorer:
    """Base class of the explorers (see the module docstring for the contract).

    Attributes
    ----------
    controls : dict name -> widget, in display order
    verdict_label : ``ipywidgets.HTML`` with the latest :class:`Verdict`
    image : ``ipywidgets.Image`` showing the figure
    figure : the matplotlib figure, redrawn in place on every update
    verdict : the latest :class:`Verdict`
    widget : the whole explorer as one ``ipywidgets.VBox``
    """

    static_grid: dict = {}
    """Control name -> values the static book precomputes (the control's start value is added)."""

    def __init__(self, controls: dict[str, widgets.ValueWidget]):
        self.controls = dict(controls)
        self._quiet = False
        self._static = None
        self.verdict_label = widgets.HTML()
        self.figure, self._artists = self._build_figure()
        self.figure.set_dpi(EXPLORER_DPI)
        self.image = widgets.Image(format="png", layout=self._image_layout())
        self._live = plotting.LiveFigure(self.figure, self._artists.values())
        self.update()
        # The controls call back through a weak reference, so an explorer nobody holds is collected; its widgets
        # (which ipywidgets keeps in a registry until closed) are closed then, and the figure goes with it.
        self._callback = _weak_update(self)
        for control in self.controls.values():
            control.observe(self._callback, names="value")
        controls_box = self._controls_box(list(self.controls.values()))
        self.widget = widgets.VBox([controls_box, self.verdict_label, self.image])
        self._finalizer = weakref.finalize(self, _close_widgets, [*self.controls.values(), controls_box,
                                                                  self.verdict_label, self.image, self.widget])

    def _image_layout(self) -> widgets.Layout:
        """Show the figure at its own pixel size (never stretched, so never soft), narrower if the column is."""
        width, _ = self.figure.canvas.get_width_height()
        return widgets.Layout(width=f"{width}px", max_width="100%", height="auto", object_fit="contain")

    @staticmethod
    def _controls_box(controls: list) -> widgets.Box:
        """The controls in one column, or in two when there are many (the explorer then fits 1366x900)."""
        if len(controls) < TWO_COLUMNS_FROM:
            return widgets.VBox(controls)
        for control in controls:
            control.layout.width = COLUMN_CONTROL_WIDTH
        return widgets.GridBox(controls, layout=widgets.Layout(
            grid_template_columns=f"repeat(2, {COLUMN_CONTROL_WIDTH})", grid_gap="0px 8px"))

    # -- for subclasses ------------------------------------------------------------------------
    def _build_figure(self):
        """Return ``(figure, artists)``: the figure, made once, and a dict of its changing artists."""
        raise NotImplementedError

    def _redraw(self) -> Verdict:
        """Recompute for the current controls, update the artists, return the verdict."""
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None):
        """Recompute and redraw for the current control values (the controls' callback)."""
        if self._quiet:
            return
        self.verdict = self._redraw()
        self.image.value = self._live.render_png()
        self.verdict_label.value = self.verdict.html()

    def _move(self, values: dict) -> None:
        """Set controls without redrawing (log sliders first learn a value they do not offer)."""
        quiet, self._quiet = self._quiet, True
        try:
            for name, value in values.items():
                control = self.controls[name]
                if hasattr(control, "include"):
                    control.include(value)
                control.value = value
        finally:
            self._quiet = quiet

    def set(self, **values):
        """Move controls by name, as a reader would, then redraw once."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this explorer has {list(self.controls)}")
        values = {name: value for name, value in values.items() if value is not None}
        if values:
            self._move(values)
            self.update()
        return self

    # -- the static book -----------------------------------------------------------------------
    def static_axes(self) -> tuple[list[str], list[list], list[int]]:
        """The grid of the static explorer: control names, the values of each, and the start index of each.

        Every control of :attr:`static_grid` gets its declared values plus its current value, sorted
        (choices keep their own order), so the first frame shown is the live explorer's.
        """
        names, axes, start = [], [], []
        for name, declared in self.static_grid.items():
            if name not in self.controls:
                continue  # a control this instance does not offer (e.g. a bench without drugs)
            control = self.controls[name]
            current = control.value
            choices = _choices(control)
            if choices is not None:
                wanted = {*declared, current}
                unknown = wanted - set(choices)
                if unknown:
                    raise ValueError(f"static_grid[{name!r}] holds {sorted(unknown, key=str)}, not among {choices}")
                values = [c for c in choices if c in wanted]
            else:
                low, high = (control.values[0], control.values[-1]) if hasattr(control, "values") else (
                    control.min, control.max)
                values = sorted({float(v) for v in declared} | {current})
                if values[0] < low or values[-1] > high:
                    raise ValueError(f"static_grid[{name!r}] must lie between {low:g} and {high:g}, got {values}")
                if isinstance(current, int):
                    values = [int(v) for v in values]
            names.append(name)
            axes.append(values)
            start.append(values.index(current))
        count = math.prod(len(values) for values in axes)
        if count > MAX_STATIC_FRAMES:
            raise ValueError(f"the static grid of {type(self).__name__} has {count} frames, more than "
                             f"{MAX_STATIC_FRAMES}")
        return names, axes, start

    def static_frames(self, inspect=None) -> tuple[list[str], list[list], list[int], list[tuple[bytes, Verdict]]]:
        """Precompute every grid point by driving the controls: (names, values, start, frames).

        ``frames`` lists (PNG bytes, verdict) in row-major order of the grid (the last control
        fastest). The controls, the figure and every attribute are back at the current values after.
        ``inspect(explorer, values)``, if given, is called at every grid point after the redraw.
        """
        names, axes, start = self.static_axes()
        current = self.values
        frames = []
        try:
            for combination in itertools.product(*axes):
                self._move(dict(zip(names, combination, strict=True)))
                verdict = self._redraw()
                pixels = self._live.render()
                frames.append((encode_frame(pixels, plotting.min_font_size(self.figure), self.figure.dpi), verdict))
                if inspect is not None:
                    inspect(self, dict(zip(names, combination, strict=True)))
        finally:
            self._move({name: current[name] for name in names})
            self.update()
        return names, axes, start, frames

    def static_widget(self) -> widgets.VBox:
        """The explorer as it works with no kernel (see the module docstring); built once per control state."""
        key = tuple(self.values.items())
        if self._static is not None and self._static[0] == key:
            return self._static[1]
        names, axes, start, frames = self.static_frames()
        sliders = []
        for name, values, index in zip(names, axes, start, strict=True):
            control = self.controls[name]
            sliders.append(widgets.SelectionSlider(
                options=[_label(control, v) for v in values], index=index, description=control.description,
                continuous_update=True, layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE))
        layout = self._image_layout()
        images, labels = {}, {}

        def leaf(flat: int) -> widgets.VBox:
            png, verdict = frames[flat]
            if png not in images:
                images[png] = widgets.Image(value=png, format="png", layout=layout)
                images[png].add_class("excitable-frame")
            html = verdict.html()
            if html not in labels:
                labels[html] = widgets.HTML(html)
                labels[html].add_class("excitable-verdict")
            return widgets.VBox([labels[html], images[png]])

        stacks = [[] for _ in names]
        sizes = [len(values) for values in axes]

        def tree(depth: int, flat: int):
            if depth == len(names):
                return leaf(flat)
            children = [tree(depth + 1, flat * sizes[depth] + k) for k in range(sizes[depth])]
            stack = widgets.Stack(children, selected_index=start[depth])
            stacks[depth].append(stack)
            return stack

        body = tree(0, 0)
        self._static_links = [widgets.jslink((slider, "index"), (stack, "selected_index"))
                              for slider, level in zip(sliders, stacks, strict=True) for stack in level]
        widget = widgets.VBox([self._controls_box(sliders), body])
        widget.add_class("excitable-static-explorer")
        self._static = (key, widget)
        return widget

    def close(self):
        """Release the widgets and the figure (also done when the explorer is garbage-collected)."""
        for control in self.controls.values():
            control.unobserve(self._callback, names="value")
        self._finalizer()
        self.figure.clear()
        self._artists = {}

    def _repr_mimebundle_(self, **kwargs):
        widget = self.static_widget() if self.static_grid and static_mode() else self.widget
        bundle = widget._repr_mimebundle_(**kwargs)
        # Mime bundles carry binary data base64-encoded (IPython does this only for _repr_png_).
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = f"{type(self).__name__}: {self.verdict.text}"
        return bundle


def _weak_update(explorer: Explorer):
    """A control callback that updates ``explorer`` while it exists, holding it only weakly."""
    reference = weakref.ref(explorer)

    def callback(change=None):
        target = reference()
        if target is not None:
            target.update(change)

    return callback


def _close_widgets(items) -> None:
    """Close every widget of ``items`` and the widgets they hold (children, layout, style)."""
    seen = set()
    pending = list(items)
    while pending:
        item = pending.pop()
        if id(item) in seen or not isinstance(item, widgets.Widget):
            continue
        seen.add(id(item))
        for name in item.keys:
            value = getattr(item, name, None)
            pending.extend(value if isinstance(value, (list, tuple)) else [value])
        item.close()
