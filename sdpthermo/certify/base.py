"""Verifier registry and residual helpers (layer 5: numpy only, never cvxpy or picos).

A verifier is a function ``(Certificate, tol) -> Verification`` registered under the
certificate's ``kind``.  :func:`verify` dispatches on ``kind``.

Residual accounting follows DESIGN.md §3: for a max-SDP with dual ``min <b, y>`` s.t.
``A*(y) - C >= 0``, ``upper = <b, y> + max(0, -lambda_min(A*(y) - C)) * T`` with ``T`` an a-priori
bound on ``tr X``; ``lower = <C, X~>`` for an exactly feasible repaired primal point ``X~``.

Examples
--------
>>> import numpy as np
>>> psd_violation(np.diag([1.0, -1e-3]))
0.001
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sdpthermo.certify.kinds import canonical
from sdpthermo.conventions import EPS_MACHINE, TOL_VERIFY
from sdpthermo.errors import StoreError
from sdpthermo.linalg.hermitian import herm
from sdpthermo.results import Certificate, Verification

Verifier = Callable[[Certificate, float], Verification]
_VERIFIERS: dict[str, Verifier] = {}


def verifier(kind: str) -> Callable[[Verifier], Verifier]:
    """Register a verifier for certificates of ``kind``."""

    def deco(fn: Verifier) -> Verifier:
        _VERIFIERS[kind] = fn
        return fn

    return deco


def verify(cert: Certificate, tol: float = TOL_VERIFY) -> Verification:
    """Re-verify ``cert`` from its arrays alone (importing the verifier module of its kind on first use).

    An older spelling of a kind (:data:`~sdpthermo.certify.kinds.LEGACY`) dispatches to its current verifier.
    """
    kind = canonical(cert.kind)
    if kind not in _VERIFIERS:
        from sdpthermo.certify import load_kind

        load_kind(kind)
    try:
        fn = _VERIFIERS[kind]
    except KeyError as exc:
        raise StoreError(f"no verifier for certificate kind {cert.kind!r}; known: {sorted(_VERIFIERS)}") from exc
    return fn(cert, tol)


def known_kinds() -> list[str]:
    """Sorted certificate kinds that have a registered verifier."""
    return sorted(_VERIFIERS)



def psd_violation(x: np.ndarray) -> float:
    """``max(0, -lambda_min(X))`` of the Hermitian part (0 for an empty matrix; ``inf`` when not finite)."""
    if x.size == 0:
        return 0.0
    lam = float(np.linalg.eigvalsh(herm(x))[0]) if np.all(np.isfinite(x)) else float("nan")
    return max(0.0, -lam) if np.isfinite(lam) else float("inf")


def hermiticity_error(x: np.ndarray) -> float:
    """``max_ij |X - X^†|_ij`` (0 for an empty matrix)."""
    return float(np.max(np.abs(x - x.conj().T))) if x.size else 0.0


def inner(a: np.ndarray, b: np.ndarray) -> float:
    """Real part of ``tr(A^† B)`` (Hilbert–Schmidt inner product)."""
    return float(np.real(np.vdot(a, b)))


def roundoff(*mats: np.ndarray) -> float:
    """A safe bound on float64 roundoff in an inner product of these matrices (``n * eps * norms``)."""
    n = max((m.shape[0] for m in mats if m.ndim == 2), default=1)
    scale = 1.0
    for m in mats:
        scale *= max(1.0, float(np.linalg.norm(m)))
    return 8 * n * EPS_MACHINE * scale


def finish(primal_obj: float, dual_obj: float, residuals: dict[str, float], lower: float, upper: float,
           tol: float, notes: str = "", extra_ok: bool = True,
           conclusions: dict[str, object] | None = None) -> Verification:
    """Assemble a :class:`Verification`: passed when every residual <= tol and lower <= upper + tol."""
    finite = [v for v in residuals.values() if v is not None]
    passed = bool(extra_ok and all(np.isfinite(v) and v <= tol for v in finite) and lower <= upper + tol)
    scale = max(1.0, abs(lower) if np.isfinite(lower) else 1.0, abs(upper) if np.isfinite(upper) else 1.0)
    tight = bool(np.isfinite(lower) and np.isfinite(upper) and upper - lower <= tol * scale)
    return Verification(primal_objective=float(primal_obj), dual_objective=float(dual_obj),
                        residuals={k: float(v) for k, v in residuals.items()}, lower=float(lower),
                        upper=float(upper), tol=float(tol), passed=passed, tight=tight, notes=notes,
                        conclusions=dict(conclusions or {}))


def op_norm_safe(x: np.ndarray) -> float:
    """``||X||_op`` (0 for an empty matrix; ``inf`` when not finite: LAPACK's SVD may not return on ``inf``)."""
    if not x.size:
        return 0.0
    return float(np.linalg.norm(x, 2)) if np.all(np.isfinite(x)) else float("inf")
