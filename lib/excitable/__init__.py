"""excitable: the simulation core of the interactive textbook on the action potential.

Physics lives in pure functions and frozen dataclasses:

- :mod:`excitable.constants` - physical constants (from scipy) and ion sets
- :mod:`excitable.electrochem` - electrochemical potential, activities, Debye length, Nernst, GHK
  voltage and current, selectivity (barrier to permeability), membrane charge
- :mod:`excitable.transport` - the Nernst-Planck equation across a membrane, solved numerically
- :mod:`excitable.homeostasis` - pump-leak balance, a pump-leak cell with volume, Donnan equilibrium
- :mod:`excitable.gating` - two-state gates, the Hodgkin-Huxley rate functions, Eyring rates,
  MWC and cooperative-subunit channels
- :mod:`excitable.fitting` - fits to voltage-clamp records (exponents, gate kinetics, rates)
- :mod:`excitable.passive` - the passive RC membrane, exactly
- :mod:`excitable.drugs` - TTX, TEA and pronase as changes of the HH parameters
- :mod:`excitable.stimuli` - applied-current protocols
- :mod:`excitable.hh` - the HH membrane, its equations stated once: parameters, conductances, currents,
  right-hand side, steady states; current clamp (compiled, :mod:`excitable._membrane`), voltage clamp
- :mod:`excitable.instantaneous` - HH with chosen gates made instantaneous
- :mod:`excitable.analysis` - spikes, thresholds, f-I curves, spike shape, acts, heat block
- :mod:`excitable.dynamics` - fixed points, stability and the Hopf bifurcations
- :mod:`excitable.experiments` - the book's standard experiments: test pulses, thresholds, the reference spike
- :mod:`excitable.validation` - the package's numbers beside published ones
- :mod:`excitable.plotting` and :mod:`excitable.explorers` - figures and widgets on top

Units throughout: mV, ms, µA/cm², mS/cm², µF/cm², mM, °C.
"""

__version__ = "0.1.0"
