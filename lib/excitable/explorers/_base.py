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
"""

from __future__ import annotations

import base64
import sys
import weakref
from dataclasses import dataclass

import ipywidgets as widgets

from .. import plotting

EXPLORER_DPI = 100
"""Resolution of the explorer's live image (dots per inch); low enough to redraw quickly."""

CONTROL_LAYOUT = {"width": "560px"}
"""Layout of every control (an ipywidgets ``Layout`` keyword dict)."""

CONTROL_STYLE = {"description_width": "150px"}
"""Style of every control: room for a description with its unit."""


def slider(value: float, low: float, high: float, step: float, description: str,
           readout_format: str = ".1f") -> widgets.FloatSlider:
    """A float slider in the explorers' common look; ``value`` must lie in [low, high].

    ``description`` names the quantity with its unit, e.g. ``"amplitude (µA/cm²)"``.
    """
    if isinstance(value, (str, bytes, complex)) or value is None or not low <= value <= high:
        raise ValueError(f"{keyword_of(value, description)} must lie between {low:g} and {high:g}, got {value!r}")
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               readout_format=readout_format, continuous_update=True,
                               layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE)


def keyword_of(value, description: str) -> str:
    """The explorer keyword that passed ``value`` to a control helper, with the control's ``description``.

    The helpers are called from an explorer's ``__init__`` with one of its arguments; naming that argument
    (``amplitude``, not only "step (µA/cm²)") tells the caller which keyword was wrong.
    """
    if value is None or isinstance(value, bool):
        return description  # shared singletons: identity cannot tell the arguments apart
    frame = sys._getframe(2)  # the explorer's __init__ (this function <- slider <- __init__)
    try:
        code = frame.f_code
        arguments = code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]
        for name in arguments:
            if frame.f_locals.get(name, _MISSING) is value:
                return f"{name} ({description})"
    finally:
        del frame
    return description


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

    def __init__(self, controls: dict[str, widgets.ValueWidget]):
        self.controls = dict(controls)
        self.verdict_label = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.figure, self._artists = self._build_figure()
        self.figure.set_dpi(EXPLORER_DPI)
        self._live = plotting.LiveFigure(self.figure, self._artists.values())
        self.update()
        # The controls call back through a weak reference, so an explorer nobody holds is collected; its widgets
        # (which ipywidgets keeps in a registry until closed) are closed then, and the figure goes with it.
        self._callback = _weak_update(self)
        for control in self.controls.values():
            control.observe(self._callback, names="value")
        self.widget = widgets.VBox([*self.controls.values(), self.verdict_label, self.image])
        self._finalizer = weakref.finalize(self, _close_widgets, [*self.controls.values(), self.verdict_label,
                                                                  self.image, self.widget])

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
        self.verdict = self._redraw()
        self.image.value = self._live.render_png()
        self.verdict_label.value = self.verdict.html()

    def set(self, **values):
        """Move controls by name, as a reader would; the figure updates through their callbacks."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this explorer has {list(self.controls)}")
        for name, value in values.items():
            if value is not None:
                self.controls[name].value = value
        return self

    def close(self):
        """Release the widgets and the figure (also done when the explorer is garbage-collected)."""
        for control in self.controls.values():
            control.unobserve(self._callback, names="value")
        self._finalizer()
        self.figure.clear()
        self._artists = {}

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
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
