"""Interactive explorers: ipywidgets controls wired to a computation and a figure.

Every explorer follows the same pattern (the machinery is in
:class:`~excitable.explorers._base.Explorer`):

- its controls come first, then a one-line verdict, then the figure;
- one update (compute + redraw) takes well under 100 ms: the figure is made
  once, only the changing artists and the verdict are redrawn, and the figure
  is rendered to a PNG shown in an ``ipywidgets.Image``;
- it shows a meaningful default figure as soon as it is created, and keeps
  that figure in ``explorer.figure``, so a notebook can show it in a cell
  ``plotting.show(explorer.figure)`` whose ``mystnb`` metadata gives the
  caption, label and alt text (for print and as its text alternative);
- where the lesson is how a control changes the picture, a companion
  static method ``small_multiples`` precomputes that lesson as one static figure
  that needs no kernel.

Explorers hold no physics: every number comes from a call into the physics and
analysis modules. Colours that mean something (a quantity, an ion, a gate, an act
of the spike) come from :mod:`excitable.plotting`; neutral greys, backgrounds,
frames, the verdict's green and the chord line of :class:`SpikeDissector` are
still set in the explorers' own modules. Book notebooks import only explorer
classes from here (``tests/test_layering.py``).

One submodule per explorer family; physics comes from the physics modules,
drawing from :mod:`excitable.plotting`. ``benchmarks/explorer_speed.py`` times
every explorer listed here.

Prologue: :class:`SpikeExplorer`.
Electrochemistry: :class:`ActivityExplorer`, :class:`IVExplorer`,
:class:`NernstPlanckExplorer`, :class:`RestingLab`, :class:`PumpLeakExplorer`,
:class:`SelectivityExplorer`, :class:`ChargeExplorer`, :class:`CellVolumeExplorer`.
Gating: :class:`PassiveMembraneExplorer`, :class:`VoltageClampBench`,
:class:`RateFunctionExplorer`, :class:`RateRecoveryExplorer`,
:class:`OnsetExplorer`, :class:`InactivationExplorer`, :class:`SpikeDissector`,
:class:`TemperatureExplorer`.
Threshold and initiation: :class:`FastIVExplorer`, :class:`ThresholdBench`,
:class:`InitialSegmentExplorer`.
Propagation: :class:`PropagationExplorer`, :class:`MyelinExplorer`.
Refractoriness and excitability dynamics: :class:`PairedPulseBench`, :class:`PhasePlaneExplorer`,
:class:`BifurcationExplorer`.
"""

from ._base import EXPLORER_DPI, Explorer, Verdict, slider
from ._logslider import log_slider
from .activity import ActivityExplorer
from .charge import ChargeExplorer
from .circuit import PassiveMembraneExplorer
from .clamp import VoltageClampBench
from .dissect import SpikeDissector
from .dynamics import BifurcationExplorer, PhasePlaneExplorer
from .fast_iv import FastIVExplorer
from .homeostasis import CellVolumeExplorer, PumpLeakExplorer
from .inactivation import InactivationExplorer
from .initiation import InitialSegmentExplorer
from .iv import IVExplorer
from .myelin import MyelinExplorer
from .onset import OnsetExplorer
from .propagation import PropagationExplorer
from .rates import RateFunctionExplorer, RateRecoveryExplorer
from .refractory import PairedPulseBench
from .resting import RestingLab
from .selectivity import SelectivityExplorer
from .spike import AMPLITUDE_RANGE, DURATION_RANGE, SpikeExplorer
from .temperature import TemperatureExplorer
from .threshold import ThresholdBench
from .transport import NernstPlanckExplorer

__all__ = [
    "AMPLITUDE_RANGE", "DURATION_RANGE", "EXPLORER_DPI", "ActivityExplorer", "CellVolumeExplorer", "ChargeExplorer",
    "BifurcationExplorer", "PhasePlaneExplorer",
    "Explorer", "IVExplorer", "InactivationExplorer", "MyelinExplorer", "NernstPlanckExplorer", "OnsetExplorer",
    "PassiveMembraneExplorer", "PumpLeakExplorer", "RateFunctionExplorer", "RateRecoveryExplorer", "RestingLab",
    "SelectivityExplorer", "SpikeDissector", "SpikeExplorer", "TemperatureExplorer", "Verdict",
    "VoltageClampBench", "log_slider", "slider",
    "PropagationExplorer", "PairedPulseBench",
    "ThresholdBench",
    "InitialSegmentExplorer",
    "FastIVExplorer",
]
