"""Solver options shared by every formulation (layer 6).

Examples
--------
>>> SolveOptions().backend, SolveOptions(solver="scs").solver
('cvxpy', 'scs')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sdpthermo.conventions import SOLVER_EPS, TOL_VERIFY
from sdpthermo.errors import ValidationError

BACKENDS = ("cvxpy", "picos")
SOLVERS = ("clarabel", "scs")


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: modelling backend, conic solver, accuracy, verification tolerance.

    ``backend`` is ``"cvxpy"`` (primary) or ``"picos"`` (independent cross-check); ``solver`` is
    ``"clarabel"`` or ``"scs"`` (``None``: the formulation's choice, Clarabel for small real blocks).
    """

    backend: str = "cvxpy"
    solver: str | None = None
    eps: float = SOLVER_EPS
    tol: float = TOL_VERIFY
    max_iters: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValidationError("backend", f"unknown backend {self.backend!r}", f"use one of {list(BACKENDS)}")
        if self.solver is not None and self.solver not in SOLVERS:
            raise ValidationError("solver", f"unknown solver {self.solver!r}", f"use one of {list(SOLVERS)}")
        if not (0 < self.tol < 1):
            raise ValidationError("tol", f"must be in (0, 1), got {self.tol}")

    def to_json(self) -> dict[str, Any]:
        """The options as a JSON-compatible dict."""
        return asdict(self)
