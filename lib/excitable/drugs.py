"""Drugs that dissect the HH membrane: tetrodotoxin, tetraethylammonium and pronase.

Each drug acts on one parameter of :class:`~excitable.hh.HHParams`:

- **TTX** (tetrodotoxin) plugs Na+ channels from the outside. One toxin molecule
  blocks one channel, so at concentration ``c`` the fraction of channels left free
  follows a one-site binding curve, ``1 / (1 + c / K_d)``, and the maximal Na+
  conductance scales by it. Hille (1968) found an apparent dissociation constant of
  about 1 nM for the cationic form on frog nodes of Ranvier (:data:`TTX_KD_NM`).
  On the squid axon 100 nM outside blocks the spike and the early inward current
  within minutes, while TTX perfused inside has no effect (Narahashi, Anderson &
  Moore 1967).
- **TEA** (tetraethylammonium) blocks the delayed-rectifier K+ channels. Applied
  outside the frog node it blocks independently of time and voltage with an
  apparent dissociation constant of 0.4 mM (Hille 1967; :data:`TEA_KD_MM`), so the
  maximal K+ conductance scales by ``1 / (1 + c / K_d)``. (In the squid axon TEA acts
  only from the inside, and that block grows with time and voltage (Armstrong 1966);
  the model keeps the simpler, time-independent block of the node.)
- **Pronase**, perfused inside the squid axon, destroys Na+ inactivation while
  leaving activation intact (Armstrong, Bezanilla & Rojas 1973); afterwards the Na+
  conductance still rises as m^3 with an unchanged tau_m (Rojas & Rudy 1976). The
  model holds h at 1 (``HHParams.inactivation = False``).

Concentrations are in nM (TTX) and mM (TEA), as they are quoted in the literature.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .hh import STANDARD, HHParams

TTX_KD_NM = 1.0
"""Apparent dissociation constant (nM) of tetrodotoxin on Na+ channels (Hille 1968, frog node, cationic form)."""

TEA_KD_MM = 0.4
"""Apparent dissociation constant (mM) of external tetraethylammonium on K+ channels (Hille 1967, frog node)."""


def unblocked_fraction(concentration, kd):
    """Fraction of channels free of a blocker at ``concentration`` (same unit as ``kd``): 1 / (1 + c / K_d).

    One blocker molecule per channel, in equilibrium; at c = K_d half the channels are blocked.
    """
    concentration = _checks.non_negative("concentration", concentration)
    kd = _checks.positive("kd", kd)
    return 1.0 / (1.0 + concentration / kd)


def ttx_unblocked_fraction(ttx_nM, kd_nM: float = TTX_KD_NM):
    """Fraction of Na+ channels not blocked by tetrodotoxin at ``ttx_nM`` (nM)."""
    ttx_nM = _checks.non_negative("ttx_nM", ttx_nM, "nM")
    return unblocked_fraction(ttx_nM, _checks.positive("kd_nM", kd_nM, "nM"))


def tea_unblocked_fraction(tea_mM, kd_mM: float = TEA_KD_MM):
    """Fraction of K+ channels not blocked by tetraethylammonium at ``tea_mM`` (mM)."""
    tea_mM = _checks.non_negative("tea_mM", tea_mM, "mM")
    return unblocked_fraction(tea_mM, _checks.positive("kd_mM", kd_mM, "mM"))


def apply(params: HHParams = STANDARD, ttx_nM: float = 0.0, tea_mM: float = 0.0,
          pronase: bool = False) -> HHParams:
    """``params`` with drugs applied: TTX (nM) scales g_Na, TEA (mM) scales g_K, pronase removes inactivation.

    The drugs act on separate parameters, so they combine freely. Pronase is
    irreversible: a membrane already without inactivation stays without it.
    Reversal potentials, leak and capacitance are untouched; the resting
    potential shifts only because the voltage-gated conductances at rest change.
    """
    if not isinstance(params, HHParams):
        raise ValueError(f"params must be an HHParams, got {params!r}")
    if not isinstance(pronase, bool):
        raise ValueError(f"pronase must be True or False, got {pronase!r}")
    ttx_nM = _checks.non_negative("ttx_nM", _checks.finite_scalar("ttx_nM", ttx_nM, "nM"), "nM")
    tea_mM = _checks.non_negative("tea_mM", _checks.finite_scalar("tea_mM", tea_mM, "mM"), "mM")
    return params.replace(g_na=params.g_na * float(ttx_unblocked_fraction(ttx_nM)),
                          g_k=params.g_k * float(tea_unblocked_fraction(tea_mM)),
                          inactivation=params.inactivation and not pronase)


def condition(celsius: float = 6.3, ttx_nM: float = 0.0, tea_mM: float = 0.0, pronase: bool = False,
              params: HHParams = STANDARD) -> HHParams:
    """The membrane of an experiment: ``params`` at ``celsius`` (°C) with the drugs applied (:func:`apply`)."""
    if not isinstance(params, HHParams):
        raise ValueError(f"params must be an HHParams, got {params!r}")
    celsius = _checks.finite_scalar("celsius", celsius, "°C")
    return apply(params.replace(celsius=celsius), ttx_nM=ttx_nM, tea_mM=tea_mM, pronase=pronase)


def describe(ttx_nM: float = 0.0, tea_mM: float = 0.0, pronase: bool = False) -> str:
    """A short label of a drug combination, e.g. ``"TTX 3 nM + pronase"`` (``"control"`` for none)."""
    ttx_nM = _checks.non_negative("ttx_nM", _checks.finite_scalar("ttx_nM", ttx_nM, "nM"), "nM")
    tea_mM = _checks.non_negative("tea_mM", _checks.finite_scalar("tea_mM", tea_mM, "mM"), "mM")
    if not isinstance(pronase, (bool, np.bool_)):
        raise ValueError(f"pronase must be True or False, got {pronase!r}")
    parts = []
    if ttx_nM:
        parts.append(f"TTX {ttx_nM:g} nM")
    if tea_mM:
        parts.append(f"TEA {tea_mM:g} mM")
    if pronase:
        parts.append("pronase")
    return " + ".join(parts) or "control"
