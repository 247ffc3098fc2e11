"""Nothing read back is trusted: bind a stored entry to its key and re-derive it by re-verification (DESIGN.md §5).

:func:`rederive` turns a loaded :class:`~sdpthermo.results.Result` into the result the store may serve,
or raises :class:`~sdpthermo.errors.StoreError` saying why the entry is a miss:

1. **Binding.** The entry's question equals its folder name (and the requested question); its
   instance id equals the file name (and the requested id) and the id recomputed from the stored
   params and formulation version (:func:`~sdpthermo.store.keys.instance_id`); every array param
   hashes to its reference; every array param whose name is a certificate ``problem`` array equals it; and
   where the question declares one, the ``problem`` arrays its params determine (a hook registered
   with :func:`register_hooks`) equal the certificate's; a hook key ``"meta:<name>"`` names a scalar of
   the certificate's ``meta`` that the verifier reads (a radius, a copy number).
2. **Re-derivation.** The certificate is re-verified with the **caller's** tolerance (the stored
   ``verification.tol`` is never used), with BLAS limited to one thread: a multi-threaded BLAS sums in
   an order that depends on its thread count, so the re-derived bounds are the same bits in every
   process, whatever ``OMP_NUM_THREADS`` says (the tables print them). ``verified``, ``lower``, ``upper`` and
   ``verification`` come from that verification; stored bounds that disagree with it (beyond ``tol`` relative to scale),
   a stored ``value`` outside ``[lower, upper]`` (beyond ``tol``), or a stored ``data`` conclusion
   that disagrees with the fresh one make the entry a miss.  ``data`` keys named like a verifier
   conclusion are overwritten by the conclusion; keys a question derives from the verification in
   other words are re-derived by its declared hook.  The stored ``value`` (a claim within ``tol`` of the
   interval) is served moved into the re-derived ``[lower, upper]``
   (:func:`~sdpthermo.results.clip_claim`, the rule :func:`~sdpthermo.registry.core.solve` applies to a
   fresh claim), so an entry written before that rule, or re-derived a few ulps apart, serves the value a
   fresh solve reports.

Examples
--------
>>> import sdpthermo, tempfile
>>> from sdpthermo.store import Store
>>> st = Store(tempfile.mkdtemp())
>>> r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=st)
>>> back = rederive(st.load_entry(st.entry_path(r.question, r.instance_id)), 1e-6)
>>> back.verified, back.data["entangled"], back.verification.tol
(True, True, 1e-06)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.errors import StoreError
from sdpthermo.results import Result, Verification, clip_claim
from sdpthermo.store.keys import array_hash, array_refs, instance_id

ProblemDataFn = Callable[[dict[str, Any], dict[str, np.ndarray]], dict[str, np.ndarray]]
DeriveFn = Callable[[Result, Verification], dict[str, Any]]
_Hook = TypeVar("_Hook", ProblemDataFn, DeriveFn)
_PROBLEM_DATA: dict[str, ProblemDataFn] = {}
_DERIVE: dict[str, DeriveFn] = {}
BIND_RTOL = 1e-9


def register_hooks(question: str, problem_data: ProblemDataFn | None, derive: DeriveFn | None) -> None:
    """Declare how ``question``'s params determine certificate ``problem`` arrays and which ``data`` keys
    are functions of the verification (called by :func:`sdpthermo.registry.core.question`)."""
    _set_hook(_PROBLEM_DATA, question, problem_data)
    _set_hook(_DERIVE, question, derive)


def _set_hook(table: dict[str, _Hook], question: str, fn: _Hook | None) -> None:
    if fn is None:
        table.pop(question, None)
    else:
        table[question] = fn


def _close(a: float | None, b: float | None, tol: float) -> bool:
    if a is None or b is None:
        return a is b
    if math.isnan(a) or math.isnan(b):
        return False
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _same_array(a: Any, b: Any) -> bool:
    x, y = np.asarray(a), np.asarray(b)
    if x.dtype == object or y.dtype == object or x.shape != y.shape:
        return False
    x, y = x.reshape(-1).astype(complex), y.reshape(-1).astype(complex)
    scale = max(1.0, float(np.max(np.abs(x), initial=0.0)))
    return bool(np.all(np.abs(x - y) <= BIND_RTOL * scale))


def _same_meta(expected: Any, stored: Any) -> bool:
    if isinstance(expected, (str, bool)) or expected is None:
        return bool(expected == stored)
    try:
        return _same_array(expected, stored)
    except (TypeError, ValueError):
        return False


def bind(res: Result, *, question: str | None = None, iid: str | None = None, stem: str | None = None,
         folder: str | None = None) -> None:
    """Check that ``res`` is the entry of its key (raises :class:`StoreError` naming the disagreement)."""
    for what, want in (("question", question), ("folder", folder)):
        if want is not None and res.question != want:
            raise StoreError(f"entry answers question {res.question!r}, not {want!r} ({what})")
    for what, want in (("requested id", iid), ("file name", stem)):
        if want is not None and res.instance_id != want:
            raise StoreError(f"instance id {res.instance_id[:12]}... does not match the {what} {want[:12]}...")
    version = res.provenance.get("formulation_version")
    if not isinstance(version, str) or instance_id(res.question, res.params, version) != res.instance_id:
        raise StoreError("instance id does not match the stored params and formulation version")
    refs = dict(array_refs(res.params))
    if set(refs) != set(res.param_arrays):
        raise StoreError(f"array params {sorted(res.param_arrays)} do not match the references {sorted(refs)}")
    for key, ref in refs.items():
        if array_hash(res.param_arrays[key]) != ref["__array__"]:
            raise StoreError(f"array param {key!r} does not match its hash")
    cert = res.certificate
    if cert is None:
        return
    for name in refs:
        if name in cert.problem and not _same_array(res.param_arrays[name], cert.problem[name]):
            raise StoreError(f"certificate problem array {name!r} is not the array parameter {name!r}")
    hook = _PROBLEM_DATA.get(res.question)
    if hook is not None:
        try:
            expected = hook(res.params, res.param_arrays)
        except Exception as exc:  # noqa: BLE001 - forged params may break any step of the rebuild
            raise StoreError(f"stored params do not rebuild the problem ({exc.__class__.__name__}: {exc})") from exc
        for name, arr in expected.items():
            if name.startswith("meta:"):  # a scalar the verifier reads from the certificate's meta
                key = name[5:]
                if key not in cert.meta or not _same_meta(arr, cert.meta[key]):
                    raise StoreError(f"certificate meta {key!r} is not the one its params determine")
            elif name not in cert.problem or not _same_array(arr, cert.problem[name]):
                raise StoreError(f"certificate problem array {name!r} is not the one its params determine")


def _agree(stored: Any, fresh: Any, tol: float) -> bool:
    """Does a stored data value agree with a fresh conclusion? (a scalar may sit inside a fresh interval)"""
    if isinstance(fresh, bool) or isinstance(stored, bool):
        return isinstance(fresh, bool) and isinstance(stored, bool) and stored == fresh
    if isinstance(fresh, (int, float)) and isinstance(stored, (int, float)):
        return _close(float(stored), float(fresh), tol)
    if isinstance(stored, (int, float)) and isinstance(fresh, (list, tuple)) and len(fresh) == 2 and \
            all(isinstance(x, (int, float)) for x in fresh):
        lo, hi = float(fresh[0]), float(fresh[1])
        slack = tol * max(1.0, abs(lo), abs(hi))
        return lo - slack <= float(stored) <= hi + slack
    return True  # a structured record in another shape than the conclusion: nothing to compare


def rederive_data(res: Result, ver: Verification, tol: float) -> dict[str, Any]:
    """``res.data`` with every conclusion re-derived from ``ver`` (a :class:`StoreError` when one disagrees)."""
    out = dict(res.data)
    fresh: dict[str, Any] = {k: v for k, v in ver.conclusions.items() if k in out}
    hook = _DERIVE.get(res.question)
    if hook is not None:
        try:
            fresh.update(hook(res, ver))
        except Exception as exc:  # noqa: BLE001 - a forged certificate may lack what the hook reads
            raise StoreError(f"data cannot be re-derived ({exc.__class__.__name__}: {exc})") from exc
    for key, value in fresh.items():
        if not _agree(out.get(key), value, tol):
            raise StoreError(f"stored data[{key!r}] = {out.get(key)!r} disagrees with the certificate ({value!r})")
        if type(value) is type(out.get(key)) or isinstance(value, bool):
            out[key] = value
    return out


def rederive(res: Result, tol: float) -> Result:
    """The servable form of a loaded entry, everything re-derived at ``tol`` (see the module docstring)."""
    if res.certificate is None:
        raise StoreError("entry has no certificate to re-verify")
    from threadpoolctl import threadpool_limits

    try:
        with threadpool_limits(limits=1, user_api="blas"):
            ver = verify(res.certificate, tol)
    except StoreError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed certificate must not crash a reader
        raise StoreError(f"certificate cannot be re-verified ({exc.__class__.__name__}: {exc})") from exc
    if not ver.passed:
        raise StoreError(f"certificate no longer verifies at tol {tol:g}")
    if not res.status.usable:
        raise StoreError(f"entry has status {res.status.value}")
    for name, stored, fresh in (("lower", res.lower, ver.lower), ("upper", res.upper, ver.upper)):
        if not _close(stored, fresh, tol):
            raise StoreError(f"stored {name} = {stored!r} is not the certified {fresh!r}")
    if res.value is not None and not math.isnan(res.value):
        slack = tol * max([1.0, *(abs(x) for x in (ver.lower, ver.upper, res.value) if math.isfinite(x))])
        if not ver.lower - slack <= res.value <= ver.upper + slack:
            raise StoreError(f"stored value {res.value!r} lies outside the certified [{ver.lower!r}, {ver.upper!r}]")
    data = rederive_data(res, ver, tol)
    return res.with_(lower=ver.lower, upper=ver.upper, value=clip_claim(res.value, ver.lower, ver.upper),
                     verified=True, verification=ver, data=data)
