"""excitable: the simulation core of the interactive textbook on the action potential.

Physics lives in pure functions and frozen dataclasses:

- :mod:`excitable.constants` - physical constants (from scipy) and ion sets
- :mod:`excitable.electrochem` - Nernst, GHK voltage and current, driving force
- :mod:`excitable.gating` - two-state gates and the Hodgkin-Huxley rate functions
- :mod:`excitable.stimuli` - applied-current protocols
- :mod:`excitable.hh` - the HH membrane: parameters, current clamp, voltage clamp
- :mod:`excitable.analysis` - spikes, thresholds, f-I curves
- :mod:`excitable.dynamics` - fixed points, stability and the Hopf bifurcations
- :mod:`excitable.plotting` and :mod:`excitable.explorers` - figures and widgets on top

Units throughout: mV, ms, µA/cm², mS/cm², µF/cm², mM, °C.
"""

__version__ = "0.1.0"
