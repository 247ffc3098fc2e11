"""cvxpy problems with independently known optima, one builder per family (shared by tests and the benchmark).

Each builder returns ``(problem, known, kwargs)``: a fresh ``cvxpy.Problem``, its optimum from a
closed form or a second formulation, and the keyword arguments ``solve_sdp`` needs (``transform``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import cvxpy as cp
import numpy as np
import scipy.linalg as sla

from sdpthermo.linalg.tensor import partial_transpose

Family = Callable[[], tuple[cp.Problem, float, dict[str, Any]]]


def _rng() -> np.random.Generator:
    return np.random.default_rng(20261203)


def _state(rng: np.random.Generator, n: int, complex_: bool = True) -> np.ndarray:
    g = rng.normal(size=(n, n)) + (1j * rng.normal(size=(n, n)) if complex_ else 0)
    r = g @ g.conj().T
    r = (r + r.conj().T) / 2  # exactly Hermitian: cvxpy equates both triangles and the imaginary diagonal to 0
    return r / np.trace(r).real


def lambda_max() -> tuple[cp.Problem, float, dict[str, Any]]:
    """``lambda_max(M) = max {tr(M X) : tr X = 1, X >= 0}`` (Rayleigh quotient)."""
    m = _rng().normal(size=(6, 6))
    m = m + m.T
    x = cp.Variable((6, 6), symmetric=True)
    return cp.Problem(cp.Maximize(cp.trace(m @ x)), [cp.trace(x) == 1, x >> 0]), float(np.linalg.eigvalsh(m)[-1]), {}


def nuclear_norm() -> tuple[cp.Problem, float, dict[str, Any]]:
    """``||M||_* = min ||Z||_* s.t. Z = M``: cvxpy's ``normNuc`` canonicalization, against the singular values."""
    m = _rng().normal(size=(3, 4))
    z = cp.Variable((3, 4))
    return cp.Problem(cp.Minimize(cp.normNuc(z)), [z == m]), float(np.linalg.svd(m, compute_uv=False).sum()), {}


def werner(p: float) -> np.ndarray:
    """Two-qubit Werner state ``p |psi-><psi-| + (1 - p) I/4``."""
    psi = np.array([0.0, 1.0, -1.0, 0.0]) / math.sqrt(2)
    return p * np.outer(psi, psi) + (1 - p) * np.eye(4) / 4


def hmin_problem(rho: np.ndarray, d_a: int, d_b: int) -> cp.Problem:
    """``2^{-H_min(A|B)} = min {tr sigma_B : I_A (x) sigma_B >= rho_AB}`` (Koenig, Renner, Schaffner 2009, Eq. (8))."""
    cplx = np.iscomplexobj(rho)
    sig = cp.Variable((d_b, d_b), **({"hermitian": True} if cplx else {"symmetric": True}))
    obj = cp.real(cp.trace(sig)) if cplx else cp.trace(sig)
    return cp.Problem(cp.Minimize(obj), [cp.kron(np.eye(d_a), sig) - rho >> 0])


def hmin_werner() -> tuple[cp.Problem, float, dict[str, Any]]:
    """Werner ``p = 0.7``: ``H_min(A|B) = -log2(2 F)`` with singlet fraction ``F = (1 + 3p)/4`` (KRS09, Thm 2)."""
    p = 0.7
    return hmin_problem(werner(p), 2, 2), -math.log2((1 + 3 * p) / 2), {"transform": "-log2"}


def fidelity() -> tuple[cp.Problem, float, dict[str, Any]]:
    """Watrous' SDP ``F(rho, sigma) = max {Re tr X : [[rho, X], [X^*, sigma]] >= 0}`` (complex).

    Known: ``||sqrt(rho) sqrt(sigma)||_1`` (root fidelity)."""
    rng = _rng()
    rho, sig = _state(rng, 3), _state(rng, 3)
    z = cp.Variable((6, 6), hermitian=True)
    prob = cp.Problem(cp.Maximize(cp.real(cp.trace(z[:3, 3:]))), [z >> 0, z[:3, :3] == rho, z[3:, 3:] == sig])
    known = float(np.linalg.svd(sla.sqrtm(rho) @ sla.sqrtm(sig), compute_uv=False).sum())
    return prob, known, {}


def choi_unitary(u: np.ndarray) -> np.ndarray:
    """Choi matrix ``sum_ij |i><j| (x) U|i><j|U^dagger`` (input (x) output)."""
    vec = sum(np.kron(np.eye(u.shape[0])[:, i], u[:, i]) for i in range(u.shape[0]))
    return np.outer(vec, vec.conj())


def diamond_problem(j: np.ndarray, d_in: int, d_out: int) -> cp.Problem:
    """``(1/2)||Phi||_diamond = max {<J, W> : 0 <= W <= rho (x) I, tr rho = 1}`` (Watrous 2009, Theorem 6)."""
    w = cp.Variable((d_in * d_out, d_in * d_out), hermitian=True)
    rho = cp.Variable((d_in, d_in), hermitian=True)
    cons = [w >> 0, cp.kron(rho, np.eye(d_out)) - w >> 0, cp.real(cp.trace(rho)) == 1]
    return cp.Problem(cp.Maximize(cp.real(cp.trace(j.conj().T @ w))), cons)


def diamond_unitaries() -> tuple[cp.Problem, float, dict[str, Any]]:
    """Identity vs phase gate ``diag(1, e^{i theta})``: ``(1/2)||.||_diamond = sin(theta/2)`` (Watrous, Thm 3.55)."""
    theta = 1.1
    j = choi_unitary(np.eye(2)) - choi_unitary(np.diag([1.0, np.exp(1j * theta)]))
    return diamond_problem(j, 2, 2), math.sin(theta / 2), {}


def lovasz(n: int, edges: list[tuple[int, int]]) -> cp.Problem:
    """``theta(G) = max {<J, X> : tr X = 1, X_ij = 0 (ij in E), X >= 0}`` (Lovasz 1979)."""
    x = cp.Variable((n, n), symmetric=True)
    return cp.Problem(cp.Maximize(cp.sum(x)), [x >> 0, cp.trace(x) == 1] + [x[i, k] == 0 for i, k in edges])


def lovasz_c5() -> tuple[cp.Problem, float, dict[str, Any]]:
    """``theta(C_5) = sqrt 5``."""
    return lovasz(5, [(i, (i + 1) % 5) for i in range(5)]), math.sqrt(5), {}


def lovasz_petersen() -> tuple[cp.Problem, float, dict[str, Any]]:
    """``theta(Petersen) = 4`` (Kneser graph K(5,2): vertices 2-subsets of 5, edges disjoint pairs)."""
    verts = list(itertools.combinations(range(5), 2))
    edges = [(i, k) for i, k in itertools.combinations(range(10), 2) if not set(verts[i]) & set(verts[k])]
    return lovasz(10, edges), 4.0, {}


def witness_state() -> np.ndarray:
    """A 3x3 entangled state: isotropic (p = 0.5) mixed with a random real state (weight 0.2)."""
    d = 3
    phi = np.eye(d).reshape(-1) / math.sqrt(d)
    iso = 0.5 * np.outer(phi, phi) + 0.5 * np.eye(d * d) / d**2
    return 0.8 * iso + 0.2 * _state(_rng(), 9, complex_=False)


def witness_problem(rho: np.ndarray, dims: list[int]) -> cp.Problem:
    """``min tr[(P + Q^{T_B}) rho]  s.t. P, Q >= 0, tr(P + Q) = 1`` (optimal decomposable witness)."""
    n = rho.shape[0]
    rpt = partial_transpose(rho, None, dims)
    p, q = cp.Variable((n, n), symmetric=True), cp.Variable((n, n), symmetric=True)
    return cp.Problem(cp.Minimize(cp.trace(rho @ p) + cp.trace(rpt @ q)), [p >> 0, q >> 0, cp.trace(p + q) == 1])


def witness_3x3() -> tuple[cp.Problem, float, dict[str, Any]]:
    """Known: ``min(lambda_min(rho), lambda_min(rho^{T_B}))`` (cross-checked against ``ppt.witness`` in the tests)."""
    rho = witness_state()
    rpt = partial_transpose(rho, None, [3, 3])
    known = min(np.linalg.eigvalsh(rho)[0], np.linalg.eigvalsh(rpt)[0])
    return witness_problem(rho, [3, 3]), float(known), {}


def lp() -> tuple[cp.Problem, float, dict[str, Any]]:
    """``max 3x + 2y  s.t. x + y <= 4, x + 3y <= 6, 0 <= x <= 3, y >= 0``: vertex ``(3, 1)``, value 11."""
    v = cp.Variable(2)
    cons = [v[0] + v[1] <= 4, v[0] + 3 * v[1] <= 6, v >= 0, v[0] <= 3]
    return cp.Problem(cp.Maximize(3 * v[0] + 2 * v[1]), cons), 11.0, {}


FAMILIES: dict[str, Family] = {
    "lambda_max": lambda_max, "nuclear_norm": nuclear_norm, "hmin_werner": hmin_werner, "fidelity": fidelity,
    "diamond_unitaries": diamond_unitaries, "lovasz_c5": lovasz_c5, "lovasz_petersen": lovasz_petersen,
    "witness_3x3": witness_3x3, "lp": lp,
}
