"""Interactive explorers: ipywidgets controls wired to a computation and a figure.

Every explorer follows the same pattern (the machinery is in
:class:`~excitable.explorers._base.Explorer`):

- its controls come first, then a one-line verdict, then the figure;
- one update (compute + redraw) takes well under 100 ms: the figure is made
  once, only the changing artists and the verdict are redrawn, and the figure
  is rendered to a PNG shown in an ``ipywidgets.Image``;
- it shows a meaningful default figure as soon as it is created, and keeps
  that figure in ``explorer.figure`` so a notebook can glue it into the
  static book with a caption;
- where the lesson is how a control changes the picture, a companion
  ``*_small_multiples`` function precomputes that lesson as one static figure
  that needs no kernel.

One submodule per explorer family; physics comes from the physics modules,
drawing from :mod:`excitable.plotting`.
"""

from ._base import EXPLORER_DPI, Explorer, Verdict, slider
from .spike import AMPLITUDE_RANGE, DURATION_RANGE, SpikeExplorer, SpikeVerdict, judge_response, spike_small_multiples

__all__ = ["AMPLITUDE_RANGE", "DURATION_RANGE", "EXPLORER_DPI", "Explorer", "SpikeExplorer", "SpikeVerdict",
           "Verdict", "judge_response", "slider", "spike_small_multiples"]
