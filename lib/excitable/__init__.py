"""excitable: the simulation core of the interactive textbook on the action potential.

Physics lives in pure functions and frozen dataclasses. The modules, lowest layer first (ARCHITECTURE.md's
module map gives each one's job and the layering rule):

- foundations: :mod:`~excitable.constants` (physical constants, ion sets), :mod:`~excitable.formatting`
  (numbers for the prose), :mod:`~excitable.stimuli` (applied-current protocols), :mod:`~excitable.coursework`
  (plumbing of the problem sets); ``_checks`` holds the input checks
- membrane physics: :mod:`~excitable.electrochem` (Nernst, GHK, activities, selectivity, membrane charge),
  :mod:`~excitable.cable_theory` (closed forms of the passive cable), :mod:`~excitable.transport` (the
  Nernst-Planck equation across a membrane), :mod:`~excitable.homeostasis` (pump-leak balance, cell volume,
  Donnan equilibrium), :mod:`~excitable.gating` (two-state gates, the HH rate functions, Eyring rates, MWC)
- the HH membrane: :mod:`~excitable.hh` (the equations stated once; current and voltage clamp), compiled by
  ``_membrane`` and ``_integrator``
- built on ``hh``: :mod:`~excitable.passive`, :mod:`~excitable.drugs`, :mod:`~excitable.instantaneous`,
  :mod:`~excitable.protocols`, :mod:`~excitable.analysis`, :mod:`~excitable.experiments`,
  :mod:`~excitable.dynamics`, :mod:`~excitable.phase_plane`, :mod:`~excitable.refractory`,
  :mod:`~excitable.accommodation`, :mod:`~excitable.potassium`, :mod:`~excitable.fitting`,
  :mod:`~excitable.strength_duration`, :mod:`~excitable.threshold`
- space: :mod:`~excitable.cable` (compartmental axons, compiled in ``_cable_kernel``), :mod:`~excitable.myelin`,
  :mod:`~excitable.initiation`
- checks: :mod:`~excitable.validation` (the package's numbers beside published ones)
- presentation: :mod:`~excitable.plotting` and :mod:`~excitable.explorers` (figures and widgets on top)

This file imports none of them, so ``import excitable.electrochem`` does not load numba.

Units throughout: mV, ms, µA/cm², mS/cm², µF/cm², mM, °C.
"""

__version__ = "0.1.0"
