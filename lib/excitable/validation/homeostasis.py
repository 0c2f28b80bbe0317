"""Validated numbers of transport and homeostasis: Einstein relation, pump–leak balance, Donnan state."""

from __future__ import annotations

from .. import homeostasis, transport
from ..constants import FARADAY
from ._reference import ANALYTIC, LITERATURE, Reference

TITLE = "Ion transport, pump and leak, Donnan equilibrium"
"""Heading of this group in the validation table."""

CONDITIONS = "Monovalent ions; each row states its own conditions (the Donnan rows: rigid cell, pump blocked, 37 °C)."
"""What every row of this group assumes."""

K_LIMITING_CONDUCTIVITY = 73.48
"""Limiting molar conductivity of K+ in water at 25 °C, S cm²/mol (Robinson and Stokes 1959)."""

DONNAN_BATH = {"na_o": 145.0, "k_o": 5.0, "cl_o": 150.0}
"""A bath of pure salt (mM): permeant cations C = permeant anions A = 150 mM."""

DONNAN_IMPERMEANT = 100.0
"""Monovalent impermeant anions inside the Donnan test cell (mM)."""

REFERENCES: dict[str, Reference] = {
    "k_diffusion_einstein_1e-5_cm2_s": Reference(
        "K+ diffusion coefficient from its mobility", 1.957, 0.002, "1e-5 cm²/s", "robinson1959electrolyte",
        LITERATURE, "infinite dilution in water, 25 °C",
        "Einstein relation D = u kT/e applied to the mobility u = lambda/F of K+ (lambda = 73.48 S cm²/mol); "
        "Robinson and Stokes tabulate D = 1.957e-5 cm²/s."),
    "pump_current_pA": Reference(
        "Na+ export that balances a 0.5 nS Na+ leak", 65.0, 1e-9, "pA", "keener2009mathematical", ANALYTIC,
        "g_Na = 0.5 nS, V = -70 mV, E_Na = +60 mV",
        "Analytic value computed by hand, not a measurement: the leak is 0.5 nS x (-70 - 60) mV = -65 pA "
        "(inward), so in a steady state the pump must export Na+ carrying +65 pA."),
    "pump_net_current_pA": Reference(
        "net (electrogenic) pump current for that leak", 65.0 / 3.0, 1e-9, "pA", "rakowski1989stoichiometry",
        ANALYTIC, "3 Na+ out, 2 K+ in per cycle",
        "Analytic: with the 3 Na+ : 2 K+ stoichiometry measured by Rakowski et al., each cycle exports three "
        "charges and imports two, so the net current is 65 pA x (3 - 2)/3 = 21.67 pA."),
    "donnan_ratio": Reference(
        "Donnan ratio [K]i/[K]o after the pump stops", 1.387426, 1e-5, "", "donnan1911theorie", ANALYTIC,
        "rigid cell, 100 mM monovalent impermeant anions inside, 150 mM salt outside",
        "Closed form r = (X + sqrt(X² + 4C²)) / (2C) with X = 100 mM, C = 150 mM, evaluated by hand; the "
        "package's value is where the time-dependent cell model relaxes to, not the formula."),
    "donnan_potential_mV": Reference(
        "Donnan potential after the pump stops", -8.7516, 1e-3, "mV", "donnan1911theorie", ANALYTIC,
        "as above, 37 °C",
        "Analytic: -(RT/F) ln r = -26.727 mV x ln 1.387426, evaluated by hand; the package's value is the "
        "relaxed membrane potential of the cell model."),
}
"""Reference value of every validated quantity, keyed as in the JSON output."""


def donnan_test_cell() -> homeostasis.CellParams:
    """The Donnan test cell: the standard cell in a pure-salt bath with 100 mM monovalent impermeant anions."""
    return homeostasis.STANDARD_CELL.replace(impermeant_out=0.0, impermeant_in=DONNAN_IMPERMEANT,
                                             z_impermeant=-1.0, pump_fraction=0.0, **DONNAN_BATH)


def _relaxed_donnan_cell() -> homeostasis.CellResult:
    params = donnan_test_cell()
    start = homeostasis.CellState(na_i=12.0, k_i=138.0, cl_i=50.0, volume=1.0, v=0.0)  # neutral: 150 = 50 + 100
    return homeostasis.simulate(params, t_stop=2000 * 3600e3, initial=start, rigid=True, samples=50)


def compute() -> dict[str, float]:
    balance = homeostasis.pump_leak_balance(0.5, -70.0, 60.0)
    mobility = K_LIMITING_CONDUCTIVITY / FARADAY
    relaxed = _relaxed_donnan_cell()
    return {
        "k_diffusion_einstein_1e-5_cm2_s": float(transport.diffusion_from_mobility(mobility, 1, 25.0)) * 1e5,
        "pump_current_pA": balance.sodium_export_current,
        "pump_net_current_pA": balance.net_pump_current,
        "donnan_ratio": float(relaxed.k_i[-1] / relaxed.params.k_o),
        "donnan_potential_mV": float(relaxed.v[-1]),
    }
