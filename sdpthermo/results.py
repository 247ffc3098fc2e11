"""The data contract (DESIGN.md §3): Status, Certificate, Verification, Result (layer 4, numpy + stdlib only).

A :class:`Result` round-trips through ``to_json()`` (a JSON-able dict, arrays replaced by
references) plus ``arrays()`` (a flat ``name -> ndarray`` dict saved as ``.npz``).  Nothing is
pickled: arrays are plain numeric ndarrays.

Certificates hold arrays keyed by the **paper's** symbols (e.g. ``W``, ``P``, ``Q``), never raw
solver duals; ``problem`` holds the data the verifier needs (e.g. the state ``rho``), and ``meta``
scalar data (dims, normalizations).

Examples
--------
>>> import numpy as np
>>> c = Certificate(kind="demo", sense="max", primal={"x": np.eye(2)}, dual={}, problem={},
...                 convention="none", meta={"dims": [2]})
>>> r = Result(question="demo", instance_id="0"*64, params={}, status=Status.CLOSED_FORM, value=1.0,
...            lower=1.0, upper=1.0, verified=True, certificate=c)
>>> r2 = Result.from_json(r.to_json(), r.arrays())
>>> r2.value, np.allclose(r2.certificate.primal["x"], np.eye(2))
(1.0, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

import numpy as np


class Status(str, Enum):
    """What the solver claimed (cvxpy's vocabulary) or ``closed_form`` for solver-free results."""

    OPTIMAL = "optimal"
    OPTIMAL_INACCURATE = "optimal_inaccurate"
    INFEASIBLE = "infeasible"
    INFEASIBLE_INACCURATE = "infeasible_inaccurate"
    UNBOUNDED = "unbounded"
    UNBOUNDED_INACCURATE = "unbounded_inaccurate"
    SOLVER_ERROR = "solver_error"
    USER_LIMIT = "user_limit"
    CLOSED_FORM = "closed_form"

    @property
    def usable(self) -> bool:
        """A point was returned that may verify (optimal, inaccurate-optimal or closed form)."""
        return self in (Status.OPTIMAL, Status.OPTIMAL_INACCURATE, Status.CLOSED_FORM)


def _f(x: float | None) -> float | None | str:
    """JSON-safe float: inf/nan as strings."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _unf(x: Any) -> float | None:
    if x is None:
        return None
    return float(x)


@dataclass(frozen=True)
class Certificate:
    """Primal and dual points in the paper's symbols, plus the problem data the verifier needs.

    Attributes
    ----------
    kind : str
        Verifier name in :mod:`sdpthermo.certify` (e.g. ``"ppt"``, ``"decomposable-witness"``).
    sense : str
        ``"min"`` or ``"max"`` of the certified optimization.
    primal, dual, problem : dict[str, ndarray]
        Arrays keyed by the paper's symbols.
    convention : str
        Which equations the symbols refer to.
    meta : dict
        JSON-able scalars (dims, normalization, a-priori trace bounds).
    """

    kind: str
    sense: str
    primal: dict[str, np.ndarray]
    dual: dict[str, np.ndarray]
    problem: dict[str, np.ndarray]
    convention: str
    meta: dict[str, Any] = field(default_factory=dict)

    def arrays(self) -> dict[str, np.ndarray]:
        """Flat ``section:name -> array`` dict for ``np.savez``."""
        out: dict[str, np.ndarray] = {}
        for sec in ("primal", "dual", "problem"):
            for k, v in getattr(self, sec).items():
                out[f"{sec}:{k}"] = np.asarray(v)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "sense": self.sense, "convention": self.convention, "meta": self.meta,
                "primal": sorted(self.primal), "dual": sorted(self.dual), "problem": sorted(self.problem)}

    @classmethod
    def from_json(cls, d: dict[str, Any], arrays: dict[str, np.ndarray]) -> Certificate:
        secs = {s: {k: np.asarray(arrays[f"{s}:{k}"]) for k in d[s]} for s in ("primal", "dual", "problem")}
        return cls(kind=d["kind"], sense=d["sense"], convention=d["convention"], meta=dict(d.get("meta", {})),
                   **secs)


@dataclass(frozen=True)
class Verification:
    """Solver-free re-check of a certificate (computed by :mod:`sdpthermo.certify` from the arrays alone).

    ``lower``/``upper`` are rigorous bounds on the certified optimum (``-inf``/``inf`` when a side has
    no certificate); ``residuals`` names every quantity that had to be small; ``passed`` is true when
    every residual is within ``tol``; ``tight`` when ``upper - lower <= tol`` (relative to scale).
    """

    primal_objective: float
    dual_objective: float
    residuals: dict[str, float]
    lower: float
    upper: float
    tol: float
    passed: bool
    tight: bool
    notes: str = ""
    conclusions: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"primal_objective": _f(self.primal_objective), "dual_objective": _f(self.dual_objective),
                "residuals": {k: _f(v) for k, v in self.residuals.items()}, "lower": _f(self.lower),
                "upper": _f(self.upper), "tol": self.tol, "passed": self.passed, "tight": self.tight,
                "notes": self.notes, "conclusions": self.conclusions}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Verification:
        return cls(primal_objective=_unf(d["primal_objective"]), dual_objective=_unf(d["dual_objective"]),
                   residuals={k: _unf(v) for k, v in d["residuals"].items()}, lower=_unf(d["lower"]),
                   upper=_unf(d["upper"]), tol=float(d["tol"]), passed=bool(d["passed"]),
                   tight=bool(d["tight"]), notes=d.get("notes", ""),
                   conclusions=dict(d.get("conclusions", {})))


@dataclass(frozen=True)
class SolverInfo:
    """Which solver ran and how: name, backend, versions, wall time, iterations, options."""

    name: str = "none"
    backend: str = "none"
    versions: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    iterations: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "backend": self.backend, "versions": self.versions, "seconds": self.seconds,
                "iterations": self.iterations, "options": self.options}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SolverInfo:
        return cls(**d)


@dataclass(frozen=True)
class Result:
    """A solved question: value, rigorous bounds, verification and certificate.

    ``value`` is the solver's claim (or the closed form); ``lower``/``upper`` are the verified bounds
    (the numbers tables print); ``verified`` is true only when the certificate re-verified.
    """

    question: str
    instance_id: str
    params: dict[str, Any]
    status: Status
    value: float | None
    lower: float | None
    upper: float | None
    verified: bool
    certificate: Certificate | None = None
    verification: Verification | None = None
    data: dict[str, Any] = field(default_factory=dict)
    solver: SolverInfo = field(default_factory=SolverInfo)
    provenance: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    param_arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def with_(self, **changes: Any) -> Result:
        """A copy with fields replaced (the dataclass is frozen)."""
        return replace(self, **changes)

    def arrays(self) -> dict[str, np.ndarray]:
        """Every array of the result (certificate and array-valued params) for the ``.npz``."""
        out = self.certificate.arrays() if self.certificate is not None else {}
        for k, v in self.param_arrays.items():
            out[f"param:{k}"] = np.asarray(v)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question, "instance_id": self.instance_id, "params": self.params,
            "status": self.status.value, "value": _f(self.value), "lower": _f(self.lower),
            "upper": _f(self.upper), "verified": self.verified,
            "certificate": self.certificate.to_json() if self.certificate else None,
            "verification": self.verification.to_json() if self.verification else None,
            "data": self.data, "solver": self.solver.to_json(), "provenance": self.provenance,
            "message": self.message, "param_arrays": sorted(self.param_arrays),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any], arrays: dict[str, np.ndarray]) -> Result:
        cert = Certificate.from_json(d["certificate"], arrays) if d.get("certificate") else None
        ver = Verification.from_json(d["verification"]) if d.get("verification") else None
        pa = {k: np.asarray(arrays[f"param:{k}"]) for k in d.get("param_arrays", [])}
        return cls(question=d["question"], instance_id=d["instance_id"], params=d["params"],
                   status=Status(d["status"]), value=_unf(d["value"]), lower=_unf(d["lower"]),
                   upper=_unf(d["upper"]), verified=bool(d["verified"]), certificate=cert, verification=ver,
                   data=d.get("data", {}), solver=SolverInfo.from_json(d.get("solver", {})),
                   provenance=d.get("provenance", {}), message=d.get("message", ""), param_arrays=pa)


@dataclass(frozen=True)
class Outcome:
    """What a formulation's ``solve_*`` returns; the registry adds question, ids and provenance.

    ``lower``/``upper``/``verified`` are taken from ``verification`` (never from the solver).
    """

    status: Status
    value: float | None
    certificate: Certificate | None
    verification: Verification | None
    data: dict[str, Any] = field(default_factory=dict)
    solver: SolverInfo = field(default_factory=SolverInfo)
    message: str = ""

    @property
    def verified(self) -> bool:
        return bool(self.verification is not None and self.verification.passed and self.status.usable)
