"""The question registry: names -> typed parameter schema + solver, and :func:`solve`.

A question is registered with :func:`question`; its solve function takes the validated
parameters (a dict, temperatures already converted to ``beta`` where the question asks for it)
and :class:`~sdpthermo.sdp.options.SolveOptions`, and returns an
:class:`~sdpthermo.results.Outcome`.  :func:`solve` validates, looks in the store, solves,
re-verifies, attaches provenance and caches only what verified as verified.

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=None)
>>> r.verified, r.data["entangled"]
(True, True)
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sdpthermo import __version__
from sdpthermo.errors import ValidationError
from sdpthermo.registry.outputs import UNDECLARED, Outputs
from sdpthermo.registry.params import Param, temperature_aliases
from sdpthermo.results import Outcome, Result
from sdpthermo.sdp.options import SolveOptions

SolveFn = Callable[[dict[str, Any], SolveOptions], Outcome]
CheckFn = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Question:
    """A registered question: ``name``, schema, solver, and the seed equations it answers."""

    name: str
    title: str
    reference: str
    version: str
    params: tuple[Param, ...]
    solve_fn: SolveFn
    check_fn: CheckFn | None = None
    outputs: Outputs = UNDECLARED

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def validate(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Coerce and check ``raw``: unknown names, wrong types, ranges, then cross-parameter checks."""
        names = [p.name for p in self.params]
        raw = temperature_aliases(raw, names)
        for k in raw:
            if k not in names:
                import difflib

                close = difflib.get_close_matches(k, names, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known parameters: {names}"
                raise ValidationError(k, f"is not a parameter of {self.name!r}", hint)
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in raw and raw[p.name] is not None:
                out[p.name] = p.coerce(raw[p.name])
            elif p.required:
                raise ValidationError(p.name, f"is required by {self.name!r}", f"pass {p.describe()}")
            else:
                out[p.name] = p.default
        return self.check_fn(out) if self.check_fn else out


_QUESTIONS: dict[str, Question] = {}


def question(name: str, *, title: str, reference: str, version: str, params: Sequence[Param],
             check: CheckFn | None = None, outputs: Outputs = UNDECLARED) -> Callable[[SolveFn], SolveFn]:
    """Register the decorated solve function as question ``name``.

    ``outputs`` declares what ``value`` is, its unit and the meaning of each ``data`` key
    (:class:`~sdpthermo.registry.outputs.Outputs`).
    """

    def deco(fn: SolveFn) -> SolveFn:
        _QUESTIONS[name] = Question(name=name, title=title, reference=reference, version=version,
                                    params=tuple(params), solve_fn=fn, check_fn=check, outputs=outputs)
        return fn

    return deco


def get_question(name: str) -> Question:
    """The registered question ``name`` (a :class:`ValidationError` naming ``question`` otherwise)."""
    from sdpthermo.registry import load_all

    load_all()
    try:
        return _QUESTIONS[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(_QUESTIONS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "run `sdpthermo list`"
        raise ValidationError("question", f"unknown question {name!r}", hint) from None


def list_questions() -> list[Question]:
    from sdpthermo.registry import load_all

    load_all()
    return [_QUESTIONS[k] for k in sorted(_QUESTIONS)]


# ---------------------------------------------------------------- canonical form and instance ids

def _canonical(value: Any, arrays: dict[str, np.ndarray], key: str) -> Any:
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value)
        h = hashlib.sha256(arr.tobytes() + str((arr.dtype.str, arr.shape)).encode()).hexdigest()
        arrays[key] = arr
        return {"__array__": h, "shape": list(arr.shape), "dtype": arr.dtype.str}
    if isinstance(value, float):
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return float(repr(value)) if value == value else "nan"
    if isinstance(value, (np.floating, np.integer)):
        return _canonical(value.item(), arrays, key)
    if isinstance(value, (list, tuple)):
        return [_canonical(v, arrays, f"{key}.{i}") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {str(k): _canonical(v, arrays, f"{key}.{k}") for k, v in sorted(value.items())}
    return value


def canonical_params(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """JSON-able params with arrays replaced by content hashes, and the arrays themselves."""
    arrays: dict[str, np.ndarray] = {}
    canon = {k: _canonical(v, arrays, k) for k, v in sorted(params.items())}
    return canon, arrays


def instance_id(question_name: str, canon: dict[str, Any], version: str) -> str:
    """sha256 of the canonical JSON of (question, params, formulation version)."""
    blob = json.dumps({"question": question_name, "params": canon, "version": version}, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def prepare(q: Question, params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, np.ndarray], str]:
    """Validated params, their canonical JSON form, their arrays, and the instance id."""
    clean = q.validate(params)
    canon, arrays = canonical_params(clean)
    return clean, canon, arrays, instance_id(q.name, canon, q.version)


# ---------------------------------------------------------------- solve

def solve(question_name: str, *, store: Any = "default", use_cache: bool = True,
          options: SolveOptions | None = None, **params: Any) -> Result:
    """Validate, look up the cache, solve, verify, and cache a question.

    Parameters
    ----------
    question_name : str
        A registered question (``sdpthermo list``).
    store : Store, str, None
        ``"default"`` uses ``$SDPTHERMO_STORE`` or ``results/certificates``; ``None`` disables caching.
    use_cache : bool
        Read from the store (results are written to it either way, unless ``store`` is None).
    options : SolveOptions
        Backend, solver, tolerance.
    **params
        The question's parameters (``sdpthermo list`` shows them).
    """
    from sdpthermo.store import open_store

    q = get_question(question_name)
    opts = options or SolveOptions()
    clean, canon, arrays, iid = prepare(q, params)
    st = open_store(store)
    if st is not None and use_cache:
        hit = st.get(q.name, iid, tol=opts.tol)
        if hit is not None:
            return replace(hit, outputs=q.outputs.to_json())
    import time

    t0 = time.perf_counter()
    out = q.solve_fn(clean, opts)
    seconds = time.perf_counter() - t0
    ver = out.verification
    res = Result(
        question=q.name, instance_id=iid, params=canon, status=out.status, value=out.value,
        lower=ver.lower if ver else None, upper=ver.upper if ver else None, verified=out.verified,
        certificate=out.certificate, verification=ver, data=out.data, solver=out.solver,
        provenance={"package": __version__, "formulation_version": q.version, "question_reference": q.reference,
                    "utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                    "seconds": seconds, "options": opts.to_json()},
        message=out.message, param_arrays=arrays, outputs=q.outputs.to_json(),
    )
    if st is not None:
        st.put(res)
    return res
