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
    """What the solver claimed (cvxpy's vocabulary), ``closed_form`` for solver-free results, or
    ``local_search`` for a heuristic local optimization whose point is usable only because the verifier
    re-checks it (no optimality claim).

    >>> Status("local_search").usable, Status.LOCAL_SEARCH.value
    (True, 'local_search')
    """

    OPTIMAL = "optimal"
    OPTIMAL_INACCURATE = "optimal_inaccurate"
    INFEASIBLE = "infeasible"
    INFEASIBLE_INACCURATE = "infeasible_inaccurate"
    UNBOUNDED = "unbounded"
    UNBOUNDED_INACCURATE = "unbounded_inaccurate"
    SOLVER_ERROR = "solver_error"
    USER_LIMIT = "user_limit"
    CLOSED_FORM = "closed_form"
    LOCAL_SEARCH = "local_search"

    @property
    def usable(self) -> bool:
        """A point was returned that may verify (optimal, inaccurate-optimal, closed form or local search)."""
        return self in (Status.OPTIMAL, Status.OPTIMAL_INACCURATE, Status.CLOSED_FORM, Status.LOCAL_SEARCH)


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


def fmt_number(x: float | None, digits: int = 10) -> str:
    """A number for people: ``digits`` significant digits, negative zero as ``0``, None as ``-``.

    >>> fmt_number(-0.0), fmt_number(1/3), fmt_number(None), fmt_number(float("inf"))
    ('0', '0.3333333333', '-', 'inf')
    """
    if x is None:
        return "-"
    x = float(x)
    if x == 0:
        return "0"
    return f"{x:.{digits}g}"


def _short(v: Any, limit: int = 80) -> str:
    """``repr`` of a data entry, cut to ``limit`` characters (lists of numbers shortened)."""
    if isinstance(v, float):
        return fmt_number(v)
    text = repr(v)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unf(x: Any) -> float | None:
    if x is None:
        return None
    return float(x)


def clip_claim(value: float | None, lower: float, upper: float) -> float | None:
    """A claim moved into its certified interval ``[lower, upper]`` (unchanged inside it, or without one).

    The optimum lies in ``[lower, upper]``; a solver's claim past an endpoint (off by the solver's tolerance)
    is moved to that endpoint, so a reported value never contradicts its own certificate.  Applied when a
    result is made (:func:`sdpthermo.registry.core.solve`) and whenever a stored result is re-derived
    (:func:`sdpthermo.store.check.rederive`, against the re-verified bounds), so the served value is a
    function of the certificate and the stored claim, whichever code wrote the entry.

    >>> clip_claim(0.0149062915, 0.0149062925, 0.0149062930), clip_claim(0.5, 0.4, 0.6), clip_claim(2.0, 1.0, 0.0)
    (0.0149062925, 0.5, 2.0)
    """
    if value is None or math.isnan(value) or not lower <= upper:
        return value
    return min(max(value, lower), upper)


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
        """JSON part of the certificate; the arrays go to the npz under ``section:symbol``."""
        return {"kind": self.kind, "sense": self.sense, "convention": self.convention, "meta": self.meta,
                "primal": sorted(self.primal), "dual": sorted(self.dual), "problem": sorted(self.problem)}

    @classmethod
    def from_json(cls, d: dict[str, Any], arrays: dict[str, np.ndarray]) -> Certificate:
        """Inverse of :meth:`to_json`, with the arrays read from the npz."""
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
        """JSON form (non-finite floats as strings)."""
        return {"primal_objective": _f(self.primal_objective), "dual_objective": _f(self.dual_objective),
                "residuals": {k: _f(v) for k, v in self.residuals.items()}, "lower": _f(self.lower),
                "upper": _f(self.upper), "tol": self.tol, "passed": self.passed, "tight": self.tight,
                "notes": self.notes, "conclusions": self.conclusions}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Verification:
        """Inverse of :meth:`to_json`."""
        return cls(primal_objective=float(d["primal_objective"]), dual_objective=float(d["dual_objective"]),
                   residuals={k: float(v) for k, v in d["residuals"].items()}, lower=float(d["lower"]),
                   upper=float(d["upper"]), tol=float(d["tol"]), passed=bool(d["passed"]),
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
        """JSON form."""
        return {"name": self.name, "backend": self.backend, "versions": self.versions, "seconds": self.seconds,
                "iterations": self.iterations, "options": self.options}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SolverInfo:
        """Inverse of :meth:`to_json`."""
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
    outputs: dict[str, Any] = field(default_factory=dict, compare=False)
    """The question's declared outputs (``Outputs.to_json()``), attached by the registry on every solve and
    cache hit from the current declaration; never stored, never read back."""

    # ------------------------------------------------------------ reading a result

    @property
    def unit(self) -> str:
        """The declared unit of ``value`` ("" when dimensionless or undeclared)."""
        return str(self.outputs.get("unit", ""))

    @property
    def seconds(self) -> float | None:
        """Wall time of the solve that produced this result (from its provenance)."""
        s = self.provenance.get("seconds")
        return None if s is None else float(s)

    def __repr__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        ver = "verified" if self.verified else "NOT verified"
        secs = "" if self.seconds is None else f", {fmt_number(self.seconds, 3)} s"
        cached = ", cached" if self.provenance.get("cached") else ""
        return (f"<Result {self.question}: value = {fmt_number(self.value)}{unit}\n"
                f"  [{fmt_number(self.lower)}, {fmt_number(self.upper)}] {ver} ({self.status.value})\n"
                f"  solver {self.solver.name}/{self.solver.backend}{secs}{cached}>")

    def summary(self) -> str:
        """Everything about the result a person needs, as text.

        Parameters (arrays by shape), value and interval with the declared meaning and unit, every
        ``data`` entry with its declared meaning, the verification residuals, and the certificate's
        arrays by name and shape.
        """
        o = self.outputs
        meanings = o.get("data", {})
        lines = [f"{self.question}  (instance {self.instance_id[:12]})"]
        lines.append("parameters:")
        for k, v in sorted(self.params.items()):
            if v is None:
                continue
            shown = f"array {tuple(v['shape'])}" if isinstance(v, dict) and "__array__" in v else repr(v)
            lines.append(f"  {k} = {shown}")
        unit = f" [{self.unit}]" if self.unit else ""
        lines.append(f"value = {fmt_number(self.value)}{unit}" + (f"  ({o['role']}: {o['value']})" if o else ""))
        lines.append(f"certified [lower, upper] = [{fmt_number(self.lower)}, {fmt_number(self.upper)}]"
                     + (f"  on {o['bracket']}" if o.get("bracket") else ""))
        lines.append(f"verified = {self.verified}  status = {self.status.value}  solver = {self.solver.name}"
                     f" ({self.solver.backend})")
        if self.message:
            lines.append(f"message: {self.message}")
        if self.data:
            lines.append("data:")
            for k, v in self.data.items():
                meaning = f"  -- {meanings[k]}" if k in meanings else ""
                lines.append(f"  {k} = {_short(v)}{meaning}")
        if self.verification is not None:
            v = self.verification
            lines.append(f"verification (tol {v.tol:g}): passed = {v.passed}, tight = {v.tight}")
            for k, r in v.residuals.items():
                lines.append(f"  residual {k} = {fmt_number(r, 3)}")
        if self.certificate is not None:
            c = self.certificate
            lines.append(f"certificate {c.kind!r} ({c.sense}): {c.convention}")
            for name, a in c.arrays().items():
                lines.append(f"  {name}: {a.dtype} {tuple(a.shape)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        unit = f" {html.escape(self.unit)}" if self.unit else ""
        rows = [("question", self.question), ("value", f"{fmt_number(self.value)}{unit}"),
                ("certified", f"[{fmt_number(self.lower)}, {fmt_number(self.upper)}]"),
                ("verified", str(self.verified)), ("solver", f"{self.solver.name} ({self.solver.backend})")]
        if self.outputs:
            rows.insert(2, ("meaning", f"{self.outputs['value']} ({self.outputs['role']})"))
        rows += [(f"data.{k}", _short(v)) for k, v in self.data.items()]
        body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in rows)
        return f"<table class='sdpthermo-result'>{body}</table>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (no arrays: certificate arrays by shape), e.g. for a DataFrame row or a log."""
        cert = None
        if self.certificate is not None:
            cert = {"kind": self.certificate.kind, "sense": self.certificate.sense,
                    "arrays": {k: list(a.shape) for k, a in self.certificate.arrays().items()}}
        return {"question": self.question, "instance_id": self.instance_id, "params": self.params,
                "status": self.status.value, "value": _f(self.value), "lower": _f(self.lower),
                "upper": _f(self.upper), "verified": self.verified, "unit": self.unit, "data": self.data,
                "solver": self.solver.to_json(), "seconds": self.seconds, "message": self.message,
                "outputs": self.outputs, "certificate": cert}

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
        """JSON part of the result; the arrays (certificate, array parameters) go to the npz."""
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
        """Inverse of :meth:`to_json`, with the arrays read from the npz."""
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
        """The verification passed and the solver status is usable."""
        return bool(self.verification is not None and self.verification.passed and self.status.usable)
