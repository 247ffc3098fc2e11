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
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sdpthermo import __version__
from sdpthermo.errors import ValidationError
from sdpthermo.registry.backends import Backends, as_backends
from sdpthermo.registry.guards import check_memory
from sdpthermo.registry.outputs import UNDECLARED, Outputs, as_outputs
from sdpthermo.registry.params import Param, temperature_aliases
from sdpthermo.results import Outcome, Result, Verification, clip_claim
from sdpthermo.sdp.options import SolveOptions
from sdpthermo.store.check import register_hooks
from sdpthermo.store.keys import canonical_params, instance_id, restore_params

SolveFn = Callable[[dict[str, Any], SolveOptions], Outcome]
CheckFn = Callable[[dict[str, Any]], dict[str, Any]]
MemoryFn = Callable[[dict[str, Any]], tuple[str, float]]
ProblemFn = Callable[[dict[str, Any]], dict[str, np.ndarray]]
DeriveFn = Callable[[Result, Verification], dict[str, Any]]


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
    memory: MemoryFn | None = None
    problem_data: ProblemFn | None = None
    derive: DeriveFn | None = None
    outputs: Outputs = UNDECLARED
    backends: Backends = as_backends(None, None)

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
        if self.memory is not None:
            check_memory(self.name, self.memory(out))
        return self.check_fn(out) if self.check_fn else out

    def check_backend(self, clean: dict[str, Any], opts: SolveOptions) -> None:
        """Refuse ``opts.backend`` where the requested method has no path on it (``backends`` declaration)."""
        self.backends.check(self.name, clean.get("method"), opts.backend)

    def rebuild_problem(self, canon: dict[str, Any], arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The certificate ``problem`` arrays that stored (canonical) params determine (``problem_data`` hook)."""
        if self.problem_data is None:
            return {}
        return self.problem_data(self.validate(restore_params(canon, arrays)))


_QUESTIONS: dict[str, Question] = {}


def question(name: str, *, title: str, reference: str, version: str, params: Sequence[Param],
             check: CheckFn | None = None, memory: MemoryFn | None = None, problem_data: ProblemFn | None = None,
             derive: DeriveFn | None = None, outputs: Outputs | Mapping[str, Any] | None = None,
             backends: Sequence[str] | Mapping[str, Sequence[str]] | None = None) -> Callable[[SolveFn], SolveFn]:
    """Register the decorated solve function as question ``name`` (public as :func:`sdpthermo.question`).

    The function takes the validated parameters (a dict) and
    :class:`~sdpthermo.sdp.options.SolveOptions` and returns an :class:`~sdpthermo.results.Outcome`, or
    the :class:`~sdpthermo.results.Result` of :func:`sdpthermo.solve_sdp` (solved with ``store=None``:
    the registry caches the question's result).  ``outputs`` declares what ``value`` is (its meaning,
    unit, normalization and role) and what each ``data`` key means: an
    :class:`~sdpthermo.registry.outputs.Outputs`, or a dict of its fields
    (:func:`~sdpthermo.registry.outputs.as_outputs`).  ``backends`` declares the modelling backends the solve
    path runs (``"cvxpy"``, ``"picos"``, ``"none"`` for solver-free), one sequence or, for a question with a
    ``method`` parameter, a ``{method: backends}`` dict (:mod:`sdpthermo.registry.backends`; default
    ``("cvxpy",)``); a request for another backend is refused before anything runs.  Bump ``version`` when
    the formulation changes: it enters the instance id, so old cache entries are not served.  A name
    registered by another module is refused.

    Hooks: ``check`` (cross-parameter validation), ``memory`` (``params -> (parameter, bytes)``, an
    estimate checked against :func:`~sdpthermo.registry.guards.memory_limit` before ``check`` runs),
    ``problem_data`` (``params -> {name: array}``: certificate ``problem`` arrays the params determine,
    compared on every store read) and ``derive`` (``(stored result, fresh verification) -> {key: value}``:
    ``data`` keys that are functions of the verification, re-derived on every store read).

    Examples
    --------
    >>> import cvxpy as cp, numpy as np, sdpthermo
    >>> @sdpthermo.question("doc.lambda_max", title="largest eigenvalue as an SDP", reference="Rayleigh",
    ...                     version="1", params=[sdpthermo.Param("M", "array", "a real symmetric matrix")],
    ...                     outputs={"value": "lambda_max(M)", "unit": ""}, backends=("cvxpy",))
    ... def lambda_max(p, opts):
    ...     X = cp.Variable(p["M"].shape, symmetric=True)
    ...     prob = cp.Problem(cp.Maximize(cp.trace(p["M"] @ X)), [cp.trace(X) == 1, X >> 0])
    ...     return sdpthermo.solve_sdp(prob, options=opts, store=None)
    >>> r = sdpthermo.solve("doc.lambda_max", M=np.diag([1.0, 2.0]), store=None)
    >>> r.verified, r.lower <= 2.0 <= r.upper
    (True, True)
    """

    method = next((p for p in params if p.name == "method"), None)
    declared = as_backends(backends, None if method is None else method.choices)

    def deco(fn: SolveFn) -> SolveFn:
        old = _QUESTIONS.get(name)
        if old is not None and old.solve_fn.__module__ != fn.__module__:
            raise ValidationError("name", f"question {name!r} is already registered by {old.solve_fn.__module__}",
                                  "choose another name (prefix it with your package's name)")
        q = Question(name=name, title=title, reference=reference, version=version, params=tuple(params),
                     solve_fn=fn, check_fn=check, memory=memory, problem_data=problem_data, derive=derive,
                     outputs=as_outputs(outputs), backends=declared)
        _QUESTIONS[name] = q
        register_hooks(name, q.rebuild_problem if problem_data is not None else None, derive)
        return fn

    return deco


def get_question(name: str) -> Question:
    """The registered question ``name`` (a :class:`ValidationError` naming ``question`` otherwise)."""
    from sdpthermo.registry import load_question

    load_question(name)
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


# ---------------------------------------------------------------- instance ids (sdpthermo.store.keys)

def prepare(q: Question, params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, np.ndarray], str]:
    """Validated params, their canonical JSON form, their arrays, and the instance id."""
    clean = q.validate(params)
    canon, arrays = canonical_params(clean)
    return clean, canon, arrays, instance_id(q.name, canon, q.version)


# ---------------------------------------------------------------- solve

def _request(options: dict[str, Any]) -> str:
    """What a request asks of the solver: every option except the verification tolerance, as JSON."""
    return json.dumps({k: v for k, v in options.items() if k != "tol"}, sort_keys=True, default=str)


def serves_request(entry: Result, opts: SolveOptions) -> bool:
    """May a stored entry answer a request made with ``opts``? Only if it was solved with the same backend,
    solver and solver settings (the tolerance is not one: the entry was re-verified at ``opts.tol``)."""
    stored = entry.provenance.get("options")
    return isinstance(stored, dict) and _request(stored) == _request(opts.to_json())


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

    if not isinstance(question_name, str):
        raise ValidationError("question", f"must be a question name (str), got {question_name!r}",
                              "run `sdpthermo list`")
    if options is not None and not isinstance(options, SolveOptions):
        raise ValidationError("options", f"must be a SolveOptions, got {options!r}",
                              'e.g. options=SolveOptions(backend="picos")')
    if not isinstance(use_cache, bool):
        raise ValidationError("use_cache", f"must be True or False, got {use_cache!r}")
    q = get_question(question_name)
    opts = options or SolveOptions()
    clean, canon, arrays, iid = prepare(q, params)
    q.check_backend(clean, opts)
    st = open_store(store)
    if st is not None and use_cache:
        hit = st.get(q.name, iid, tol=opts.tol)
        if hit is not None and serves_request(hit, opts):
            return replace(hit, outputs=q.outputs.to_json())
    import time

    t0 = time.perf_counter()
    out = q.solve_fn(clean, opts)
    if isinstance(out, Result):  # a question may return solve_sdp's result
        out = Outcome(status=out.status, value=out.value, certificate=out.certificate,
                      verification=out.verification, data=out.data, solver=out.solver, message=out.message)
    seconds = time.perf_counter() - t0
    ver = out.verification
    clipped = clip_claim(out.value, ver.lower, ver.upper) if ver is not None else None
    if clipped is not None and out.value is not None and clipped != out.value and not math.isnan(out.value):
        out = replace(out, value=clipped, message=(out.message + " " if out.message else "") +
                      f"the solver's claim {out.value!r} lay outside the certified interval and was clipped to it")
    res = Result(
        question=q.name, instance_id=iid, params=canon, status=out.status, value=out.value,
        lower=ver.lower if ver else None, upper=ver.upper if ver else None, verified=out.verified,
        certificate=out.certificate, verification=ver, data=out.data, solver=out.solver,
        provenance={"package": __version__, "formulation_version": q.version, "question_reference": q.reference,
                    "utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                    "seconds": seconds, "options": opts.to_json()},
        message=out.message, param_arrays=arrays, outputs=q.outputs.to_json(),
    )
    if st is not None:
        st.put(res)
    return res
