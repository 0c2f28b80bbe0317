"""Ion transport across a membrane: the Nernst–Planck flux, solved numerically.

The Nernst–Planck equation writes the flux of one ion species as diffusion
plus drift in the electric field,

    J = -D (dc/dx + z F/(RT) c dphi/dx),

with the diffusion coefficient D tied to the electrical mobility u by the
Einstein relation D = u kT/(|z| e). Across a membrane of thickness L with a
constant field (phi falls linearly by V from the inner to the outer face) and
the two faces held at the bath concentrations times a partition coefficient,
:func:`nernst_planck_steady_state` solves the steady-state boundary-value
problem numerically (:func:`scipy.integrate.solve_bvp`, with the constant flux
as the unknown parameter). Its current reproduces the GHK current equation,
which is the closed-form solution of the same problem
(:func:`excitable.electrochem.ghk_current`); the tests check that.

Conventions: x runs from the inner face (x = 0) to the outer face (x = L);
V = V_in - V_out (mV); flux and current positive outward; concentrations in
mM, D in cm²/s, mobility in cm²/(V s), thickness in nm, permeability in cm/s,
temperature in °C.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_bvp

from . import _checks
from .constants import BOLTZMANN, ELEMENTARY_CHARGE, FARADAY, kelvin, thermal_voltage
from .electrochem import ghk_current

BVP_TOLERANCE = 1e-8
"""Relative tolerance asked of :func:`scipy.integrate.solve_bvp` (residual of the scaled problem)."""


def diffusion_from_mobility(mobility, z=1, celsius=25.0):
    """Einstein relation: diffusion coefficient D = u k T / (|z| e), in cm²/s.

    ``mobility`` is the electrical mobility u (cm²/(V s)): the drift speed per
    unit field of an ion of valence ``z`` at ``celsius`` (°C).
    """
    mobility = _checks.positive("mobility", mobility, "cm²/(V s)")
    z = _checks.nonzero_integer("z", z)
    return np.asarray(mobility) * BOLTZMANN * kelvin(celsius) / (abs(z) * ELEMENTARY_CHARGE)


def mobility_from_diffusion(diffusion, z=1, celsius=25.0):
    """Inverse Einstein relation: electrical mobility u = |z| e D / (k T), in cm²/(V s)."""
    diffusion = _checks.positive("diffusion", diffusion, "cm²/s")
    z = _checks.nonzero_integer("z", z)
    return np.asarray(diffusion) * abs(z) * ELEMENTARY_CHARGE / (BOLTZMANN * kelvin(celsius))


def membrane_permeability(diffusion, thickness, partition=1.0):
    """Permeability P = beta D / L (cm/s) of a homogeneous membrane.

    ``diffusion`` D inside the membrane (cm²/s), ``thickness`` L (nm) and
    ``partition`` beta, the ratio of the concentration just inside a face of
    the membrane to that of the bath it touches.
    """
    diffusion = _checks.positive("diffusion", diffusion, "cm²/s")
    thickness = _checks.positive("thickness", thickness, "nm")
    partition = _checks.positive("partition", partition)
    return partition * diffusion / (thickness * 1e-7)


def ghk_flux(v, z, c_in, c_out, permeability, celsius=37.0):
    """Net flux (nmol/(cm² s), outward positive) of the GHK current equation: I / (z F).

    ``v`` in mV, ``z`` the valence, concentrations in mM, ``permeability`` in cm/s. The flux says which
    way the ions themselves move; for an anion it has the opposite sign of the current.
    """
    z = _checks.nonzero_integer("z", z)
    return ghk_current(v, permeability, z, c_in, c_out, celsius) * 1e3 / (z * FARADAY)


@dataclass(frozen=True)
class NernstPlanckSolution:
    """Numerical steady state of the Nernst–Planck equation across a constant-field membrane.

    x : position from the inner face (nm), on the solver's adaptive mesh
    c : concentration inside the membrane at x (mM)
    potential : electric potential φ at x relative to the outside bath (mV); V at x = 0, 0 at x = L
    flux : the constant (steady) flux, mol/(cm² s), outward positive
    current : z F flux, µA/cm², outward positive
    v, z, c_in, c_out, diffusion, thickness, partition, celsius : the problem solved
    permeability : beta D / L (cm/s), the permeability the GHK equation needs
    """

    x: np.ndarray
    c: np.ndarray
    potential: np.ndarray
    flux: float
    current: float
    v: float
    z: int
    c_in: float
    c_out: float
    diffusion: float
    thickness: float
    partition: float
    celsius: float
    permeability: float

    @property
    def diffusive_flux(self) -> np.ndarray:
        """Fick's part -D dc/dx at each x, mol/(cm² s): outward where c falls toward the outside."""
        return -self.diffusion * np.gradient(self.c, self.x) * 1e-6 / 1e-7

    @property
    def drift_flux(self) -> np.ndarray:
        """Field-driven part of the flux at each x, mol/(cm² s); it adds to the diffusive part to the constant flux."""
        field = self.v / self.thickness  # -dphi/dx in mV/nm
        return self.diffusion * self.z * self.c * 1e-6 * field / thermal_voltage(self.celsius) / 1e-7


def nernst_planck_steady_state(v, z, c_in, c_out, diffusion, thickness, partition=1.0, celsius=37.0,
                               nodes: int = 21, tolerance: float = BVP_TOLERANCE) -> NernstPlanckSolution:
    """Solve the steady Nernst–Planck problem across a membrane with a constant field, numerically.

    In the scaled variable s = x / L the steady flux j is constant and the
    concentration obeys the first-order equation

        dc/ds = a c - j L / D,   a = z F V / (R T),

    with c(0) = beta c_in and c(1) = beta c_out: two boundary conditions for a
    first-order equation, so the flux is found as the unknown parameter of the
    boundary-value problem (:func:`scipy.integrate.solve_bvp` on an adaptive
    mesh starting from ``nodes`` points, to the relative ``tolerance``).
    Concentrations may be zero on one side (a tracer present on one side only).

    ``v`` membrane potential (mV), ``z`` valence, ``c_in``/``c_out`` bath
    concentrations (mM), ``diffusion`` (cm²/s), ``thickness`` (nm),
    ``partition`` (dimensionless), ``celsius`` (°C).
    """
    v = _checks.finite_scalar("v", v, "mV")
    z = _checks.nonzero_integer("z", z)
    c_in = _checks.non_negative("c_in", _checks.finite_scalar("c_in", c_in, "mM"), "mM")
    c_out = _checks.non_negative("c_out", _checks.finite_scalar("c_out", c_out, "mM"), "mM")
    for name, value in (("diffusion", diffusion), ("thickness", thickness), ("partition", partition),
                        ("celsius", celsius)):
        _checks.finite_scalar(name, value)
    nodes = _checks.integer("nodes", nodes, 3, 10_000)
    _checks.scalar_in_range("thickness", thickness, 1e-3, 1e9, "nm")
    _checks.scalar_in_range("diffusion", diffusion, 1e-30, 1e3, "cm²/s")
    tolerance = _checks.tolerance("tolerance", tolerance, 1e-12, 1e-2)
    permeability = float(membrane_permeability(diffusion, thickness, partition))
    a = _field(v, z, celsius)
    left, right = partition * c_in, partition * c_out
    scale = max(left, right, 1e-300)  # solve for c / scale so the tolerance is relative

    def rhs(s, y, p):
        return a * y - p[0]

    def bc(ya, yb, p):
        return np.array([ya[0] - left / scale, yb[0] - right / scale])

    s = np.linspace(0.0, 1.0, nodes)
    guess = (left + (right - left) * s)[None, :] / scale
    solution = solve_bvp(rhs, bc, s, guess, p=[(left - right) / scale], tol=tolerance,
                         bc_tol=tolerance, max_nodes=100_000)
    if not solution.success:
        raise RuntimeError(f"solve_bvp did not converge for v={v!r} mV, z={z}: {solution.message}")
    # j L / D = p scale (mM); flux = D / L x p scale, in mol/(cm² s) (1 mM = 1e-6 mol/cm³, 1 nm = 1e-7 cm).
    flux = float(solution.p[0]) * scale * 1e-6 * float(diffusion) / (float(thickness) * 1e-7)
    x = solution.x * float(thickness)
    return NernstPlanckSolution(
        x=x, c=solution.y[0] * scale, potential=v * (1.0 - solution.x), flux=flux,
        current=z * FARADAY * flux * 1e6, v=v, z=z, c_in=c_in, c_out=c_out, diffusion=float(diffusion),
        thickness=float(thickness), partition=float(partition), celsius=float(celsius),
        permeability=permeability)


MAX_FIELD = 200.0
"""Largest |zFV/RT| the Nernst-Planck solutions accept (|V| about 5 V for a monovalent ion at 37 °C)."""


def _field(v, z, celsius):
    """a = zFV/RT, checked against :data:`MAX_FIELD` (beyond it the profile is a boundary layer thinner than
    the solver's mesh can resolve)."""
    a = z * v / thermal_voltage(celsius)
    if abs(a) > MAX_FIELD:
        raise ValueError(f"v and z: |z F v / RT| must be at most {MAX_FIELD:g}, got {abs(a):.3g} "
                         f"(v = {v!r} mV, z = {z})")
    return a


def analytic_profile(x, v, z, c_in, c_out, thickness, partition=1.0, celsius=37.0):
    """Closed-form steady concentration (mM) inside a constant-field membrane at x (nm).

    c(s) = beta [c_in (e^{a s} - e^{a}) + c_out (1 - e^{a s})] / (1 - e^{a}) with s = x / L and
    a = zFV/RT; at a = 0 (V = 0) the profile is the straight line between the two faces.
    """
    x = _checks.finite("x", x, "nm")
    thickness = _checks.positive("thickness", _checks.finite_scalar("thickness", thickness, "nm"), "nm")
    z = _checks.nonzero_integer("z", z)
    c_in = _checks.non_negative("c_in", _checks.finite_scalar("c_in", c_in, "mM"), "mM")
    c_out = _checks.non_negative("c_out", _checks.finite_scalar("c_out", c_out, "mM"), "mM")
    partition = _checks.positive("partition", _checks.finite_scalar("partition", partition), "")
    celsius = _checks.finite_scalar("celsius", celsius, "°C")
    s = np.asarray(x) / thickness
    a = _field(_checks.finite_scalar("v", v, "mV"), z, celsius)
    if abs(a) < 1e-12:
        return partition * (c_in + (c_out - c_in) * s)
    # Weights written with expm1 so that small |a| loses no precision.
    weight_out = np.expm1(a * s) / np.expm1(a)
    return partition * (c_in * (1.0 - weight_out) + c_out * weight_out)


def nernst_planck_current(v, z, c_in, c_out, diffusion, thickness, partition=1.0, celsius=37.0):
    """Steady current density (µA/cm², outward positive) at each voltage of ``v`` (mV), solved numerically.

    One :func:`nernst_planck_steady_state` per voltage; for drawing an I–V curve point by point.
    """
    voltages = np.atleast_1d(_checks.finite("v", v, "mV"))
    if voltages.ndim != 1 or voltages.size == 0:
        raise ValueError(f"v must be a number or a non-empty 1-D array (mV), got shape {voltages.shape}")
    currents = np.array([nernst_planck_steady_state(u, z, c_in, c_out, diffusion, thickness, partition,
                                                    celsius).current for u in voltages])
    return currents if np.ndim(v) else float(currents[0])


def unidirectional_fluxes(v, z, c_in, c_out, diffusion, thickness, partition=1.0, celsius=37.0):
    """Efflux and influx (mol/(cm² s), both >= 0) at ``v`` (mV), as a tracer experiment measures them.

    The efflux is the flux with the ion on the inside only (c_out = 0), the
    influx minus the flux with it on the outside only (c_in = 0); both are
    numerical solutions, and because the steady equation is linear in c their
    difference is the net flux.
    """
    efflux = nernst_planck_steady_state(v, z, c_in, 0.0, diffusion, thickness, partition, celsius).flux
    influx = -nernst_planck_steady_state(v, z, 0.0, c_out, diffusion, thickness, partition, celsius).flux
    return efflux, influx


def ussing_flux_ratio(v, z, c_in, c_out, celsius=37.0):
    """Ussing's flux ratio efflux / influx = (c_in / c_out) exp(zFV/RT) for passive, independent movement.

    ``v`` (mV), concentrations (mM, > 0). The ratio is 1 exactly at the Nernst potential.
    """
    v = _checks.finite("v", v, "mV")
    z = _checks.nonzero_integer("z", z)
    c_in = _checks.positive("c_in", c_in, "mM")
    c_out = _checks.positive("c_out", c_out, "mM")
    exponent = z * np.asarray(v) / thermal_voltage(celsius)
    if np.any(np.abs(exponent) > 700.0):
        limit = 700 * thermal_voltage(celsius) / abs(z)
        raise ValueError(f"v: z F v / RT must stay within ±700 (|v| below about {limit:.0f} mV for z = {z}), "
                         f"got v = {v!r}")
    return np.asarray(c_in) / c_out * np.exp(exponent)
