"""Physical constants and standard ion sets.

The constants come from :mod:`scipy.constants` (CODATA), never typed in. The
ion sets hold the concentrations (mM) used throughout the book.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.constants as sc

from . import _checks

FARADAY = sc.physical_constants["Faraday constant"][0]
"""Faraday constant F, C/mol."""

GAS_CONSTANT = sc.R
"""Molar gas constant R, J/(mol K)."""

BOLTZMANN = sc.k
"""Boltzmann constant k_B, J/K."""

ELEMENTARY_CHARGE = sc.e
"""Elementary charge e, C."""

ZERO_CELSIUS = sc.zero_Celsius
"""0 °C in kelvin (273.15 K)."""


def kelvin(celsius):
    """Absolute temperature (K) of a temperature given in °C.

    Raises ``ValueError`` for temperatures at or below absolute zero.
    """
    celsius = _checks.finite("celsius", celsius, "°C")
    if np.size(celsius) == 0:
        raise ValueError("celsius must be a number or a non-empty array (°C), got an empty array")
    if np.any(np.asarray(celsius) <= -ZERO_CELSIUS):
        raise ValueError(
            f"celsius must be above absolute zero (-273.15 °C), got {celsius!r}"
        )
    return celsius + ZERO_CELSIUS


def thermal_voltage(celsius) -> float:
    """RT/F in mV at a temperature in °C (about 26.7 mV at 37 °C)."""
    return 1e3 * GAS_CONSTANT * kelvin(celsius) / FARADAY


@dataclass(frozen=True)
class Ion:
    """One ion species: name, valence and concentrations (mM) outside and inside."""

    name: str
    valence: int
    c_out: float
    c_in: float

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise TypeError(f"name must be a non-empty string, got {self.name!r}")
        _checks.nonzero_integer("valence", self.valence)
        for name in ("c_out", "c_in"):  # a number, or an array for a sweep
            _checks.non_negative(name, getattr(self, name), "mM")


@dataclass(frozen=True)
class IonSet:
    """The permeant ions of a preparation and the temperature (°C) they are quoted at."""

    name: str
    celsius: float
    ions: tuple[Ion, ...]

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {self.name!r}")
        kelvin(_checks.finite_scalar("celsius", self.celsius, "°C"))
        if isinstance(self.ions, (str, bytes)) or not hasattr(self.ions, "__iter__") or not len(self.ions):
            raise TypeError(f"ions must be a non-empty sequence of Ion, got {self.ions!r}")
        for ion in self.ions:
            if not isinstance(ion, Ion):
                raise TypeError(f"ions must hold Ion objects, got {ion!r}")
        object.__setattr__(self, "ions", tuple(self.ions))

    def __getitem__(self, name: str) -> Ion:
        for ion in self.ions:
            if ion.name == name:
                return ion
        known = ", ".join(ion.name for ion in self.ions)
        raise ValueError(f"name: no ion {name!r} in {self.name}; it has {known}")


MAMMALIAN = IonSet(
    name="mammalian neuron",
    celsius=37.0,
    ions=(
        Ion("K", +1, c_out=4.0, c_in=140.0),
        Ion("Na", +1, c_out=145.0, c_in=12.0),
        Ion("Cl", -1, c_out=110.0, c_in=10.0),
    ),
)
"""Typical concentrations (mM) for a mammalian neuron at 37 °C (Hille 2001, table 1.1 ranges)."""

SQUID = IonSet(
    name="squid giant axon",
    celsius=6.3,
    ions=(
        Ion("K", +1, c_out=20.0, c_in=400.0),
        Ion("Na", +1, c_out=440.0, c_in=50.0),
        Ion("Cl", -1, c_out=560.0, c_in=40.0),
    ),
)
"""Squid giant axon in sea water (mM), the classic values of Hodgkin (1964) and Hille (2001)."""


VACUUM_PERMITTIVITY = sc.epsilon_0
"""Electric constant ε0, F/m."""

AVOGADRO = sc.N_A
"""Avogadro constant N_A, 1/mol."""

WATER_PERMITTIVITY_RANGE = (0.0, 100.0)
"""Temperatures (°C) over which :func:`water_permittivity` holds (the range of the measurements)."""


def water_permittivity(celsius):
    """Relative permittivity (dielectric constant) of liquid water at a temperature in °C.

    The cubic fit of Malmberg and Maryott (1956),
    ε_r = 87.740 - 0.40008 t + 9.398e-4 t² - 1.410e-6 t³ (t in °C),
    which reproduces their measurements from 0 to 100 °C: 78.30 at 25 °C,
    74.15 at 37 °C. Raises ``ValueError`` outside 0-100 °C.
    """
    t = _checks.in_range("celsius", celsius, *WATER_PERMITTIVITY_RANGE, "°C")
    return 87.740 - 0.40008 * t + 9.398e-4 * t**2 - 1.410e-6 * t**3
