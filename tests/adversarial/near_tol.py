"""Residuals pushed to just under the tolerance, and conclusion checks (issue 14, items 3 and 7).

Complements :mod:`tests.adversarial.perturb` (whose API stays as it is): :func:`near_tol_variants` moves every
array of a certificate by ``0.9 tol`` in the directions a verifier accepts without failing (scale, shift by
the identity, a Hermitian direction of unit norm, the smallest eigenvalue pushed to ``-0.9 tol``), and puts
``nan``, ``inf`` or ``1e300`` into one entry;
:func:`check_kind` runs both the shared perturbations and these and requires every certificate that still
passes to bracket the known value; :func:`check_claim` requires a conclusion (``entangled``, ``gme``,
``incompatible``, ...) never to be drawn, whether or not the perturbed certificate passes, when it is false.
Both tally into :data:`tests.adversarial.perturb.TALLIES` (false claims count as false bounds).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.results import Certificate, Verification
from tests.adversarial.perturb import TALLIES, Tally, assert_never_false, perturbations

TOL = 1e-6


def _with(cert: Certificate, section: str, name: str, value: np.ndarray) -> Certificate:
    arrays = dict(getattr(cert, section))
    arrays[name] = value
    return replace(cert, **{section: arrays})


def _unit_hermitian(rng: np.random.Generator, n: int, cplx: bool) -> np.ndarray:
    x = rng.normal(size=(n, n)) + (1j * rng.normal(size=(n, n)) if cplx else 0)
    x = (x + x.conj().T) / 2
    return x / np.linalg.norm(x, 2)


def near_tol_variants(cert: Certificate, rng: np.random.Generator, tol: float = TOL,
                      sections: tuple[str, ...] = ("primal", "dual")) -> Iterator[tuple[str, Certificate]]:
    """``(label, certificate)`` with one array moved by ``f = 0.9 tol`` (module docstring)."""
    f = 0.9 * tol
    for sec in sections:
        for name, a in getattr(cert, sec).items():
            a = np.asarray(a)
            if a.dtype.kind not in "fc" or a.size == 0:
                continue
            yield f"{sec}:{name}*(1+0.9tol)", _with(cert, sec, name, a * (1 + f))
            yield f"{sec}:{name}*(1-0.9tol)", _with(cert, sec, name, a * (1 - f))
            if a.ndim == 2 and a.shape[0] == a.shape[1]:
                eye = np.eye(a.shape[0])
                lmin = float(np.linalg.eigvalsh((a + a.conj().T) / 2)[0])
                yield f"{sec}:{name}+0.9tol I", _with(cert, sec, name, a + f * eye)
                yield f"{sec}:{name}-0.9tol I", _with(cert, sec, name, a - f * eye)
                yield f"{sec}:{name} lmin->-0.9tol", _with(cert, sec, name, a - (lmin + f) * eye)
                h = _unit_hermitian(rng, a.shape[0], np.iscomplexobj(a))
                yield f"{sec}:{name}+0.9tol H", _with(cert, sec, name, a + f * h)
            elif a.ndim >= 1:
                u = rng.normal(size=a.shape)
                yield f"{sec}:{name}+0.9tol u", _with(cert, sec, name, a + f * u / np.abs(u).max())
            for bad in (np.nan, np.inf, 1e300):  # a solver's overflow: must fail or widen, never mislead
                b = a.astype(np.result_type(a, float)).copy()
                b.reshape(-1)[0] = bad
                yield f"{sec}:{name}[0]={bad:g}", _with(cert, sec, name, b)


def _verify(cert: Certificate, tol: float) -> Verification:
    """``verify`` with the floating-point warnings of the non-finite variants silenced."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return verify(cert, tol)


def _run(variants: Iterable[tuple[str, Certificate]], kind: str, tol: float,
         judge: Callable[[str, Verification], str | None]) -> Tally:
    """Verify every variant (a rejection by exception is allowed), tally it, and collect ``judge``'s complaints."""
    tally = TALLIES.setdefault(kind, Tally(kind))
    bad = []
    for label, cert in variants:
        tally.trials += 1
        try:
            v = _verify(cert, tol)
        except (ValueError, np.linalg.LinAlgError):
            continue
        tally.passed += int(v.passed)
        complaint = judge(label, v)
        if complaint:
            bad.append(complaint)
    tally.false_bounds.extend(bad)
    assert not bad, "false bounds or claims:\n" + "\n".join(bad)
    return tally


def check_variants(variants: Iterable[tuple[str, Certificate]], kind: str, known: float, *, tol: float = TOL,
                   slack: float = 1e-9) -> Tally:
    """Every variant that passes must satisfy ``lower - slack <= known <= upper + slack``."""
    def judge(label: str, v: Verification) -> str | None:
        if v.passed and not v.lower - slack <= known <= v.upper + slack:
            return f"{label}: [{v.lower!r}, {v.upper!r}] misses {known!r}"
        return None

    return _run(variants, kind, tol, judge)


def check_kind(cert: Certificate, known: float, rng: np.random.Generator, *, tol: float = TOL,
               slack: float = 1e-9, extra: Iterable[tuple[str, Certificate]] = ()) -> Tally:
    """The shared perturbations, the near-tolerance variants and ``extra``: no false bound."""
    assert_never_false(cert, known, rng, tol=tol, slack=slack)
    return check_variants([*near_tol_variants(cert, rng, tol), *extra], cert.kind, known, tol=tol, slack=slack)


def check_claim(cert: Certificate, key: str, rng: np.random.Generator, *, false_value: object = True,
                tol: float = TOL, extra: Iterable[tuple[str, Certificate]] = ()) -> Tally:
    """``conclusions[key]`` must never equal ``false_value`` (a false claim) for ``cert`` and any perturbation."""
    def judge(label: str, v: Verification) -> str | None:
        if v.conclusions.get(key) == false_value:
            return f"{label}: {key} = {false_value!r} (passed = {v.passed})"
        return None

    variants = [("unperturbed", cert), *perturbations(cert, rng), *near_tol_variants(cert, rng, tol), *extra]
    return _run(variants, cert.kind, tol, judge)
