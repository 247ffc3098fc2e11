"""Shared harness of the adversarial suite (issue 14, item 7).

Every certificate kind gets the same treatment: take a verified certificate of a small instance
whose optimum is known independently (closed form, seed equation, second formulation), perturb its
primal and dual arrays in the ways a careless solver or an attacker would, re-verify, and require
that whatever still **passes** brackets the known value. A verifier may reject a perturbed
certificate (``passed = False``) or widen its interval; it may never certify a false bound.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> c = Certificate(kind="demo", sense="max", primal={"x": np.eye(2)}, dual={"y": np.ones(2)},
...                 problem={}, convention="none")
>>> len(list(perturbations(c, np.random.default_rng(0)))) > 20
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.results import Certificate

SCALES = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7)
NOISES = (1e-8, 1e-6, 1e-4)


def _with(cert: Certificate, section: str, name: str, value: np.ndarray) -> Certificate:
    arrays = dict(getattr(cert, section))
    arrays[name] = value
    return replace(cert, **{section: arrays})


def _noise(rng: np.random.Generator, a: np.ndarray, size: float) -> np.ndarray:
    n = rng.normal(size=a.shape)
    if np.iscomplexobj(a):
        n = n + 1j * rng.normal(size=a.shape)
    if a.ndim == 2 and a.shape[0] == a.shape[1]:
        n = (n + n.conj().T) / 2  # keep Hermitian inputs Hermitian: the harder case for a verifier
    return a + size * n


def perturbations(cert: Certificate, rng: np.random.Generator,
                  sections: tuple[str, ...] = ("primal", "dual")) -> Iterator[tuple[str, Certificate]]:
    """Yield ``(label, perturbed certificate)`` for every array of the given sections.

    Per array: scale by ``1 +- s`` for ``s`` in :data:`SCALES`, flip the sign, zero it, add (Hermitian)
    noise of each size in :data:`NOISES`; per pair of same-shaped arrays: swap them.
    """
    for sec in sections:
        arrays = getattr(cert, sec)
        for name, a in arrays.items():
            a = np.asarray(a)
            if a.dtype.kind not in "fc" or a.size == 0:
                continue
            for s in SCALES:
                yield f"{sec}:{name}*(1+{s:g})", _with(cert, sec, name, a * (1 + s))
                yield f"{sec}:{name}*(1-{s:g})", _with(cert, sec, name, a * (1 - s))
            yield f"{sec}:{name} sign flipped", _with(cert, sec, name, -a)
            yield f"{sec}:{name} zeroed", _with(cert, sec, name, np.zeros_like(a))
            for s in NOISES:
                yield f"{sec}:{name}+noise {s:g}", _with(cert, sec, name, _noise(rng, a, s))
        names = [k for k, v in arrays.items() if np.asarray(v).dtype.kind in "fc"]
        for i, k1 in enumerate(names):
            for k2 in names[i + 1:]:
                if np.shape(arrays[k1]) == np.shape(arrays[k2]):
                    swapped = dict(arrays)
                    swapped[k1], swapped[k2] = arrays[k2], arrays[k1]
                    yield f"{sec}: {k1}<->{k2}", replace(cert, **{sec: swapped})


@dataclass
class Tally:
    """Counts of one adversarial run: trials, how many still passed, and the false bounds (must be 0)."""

    kind: str
    trials: int = 0
    passed: int = 0
    false_bounds: list[str] | None = None

    def __post_init__(self) -> None:
        self.false_bounds = []


TALLIES: dict[str, Tally] = {}


def assert_never_false(cert: Certificate, known: float, rng: np.random.Generator, *, tol: float = 1e-6,
                       slack: float = 1e-9, sections: tuple[str, ...] = ("primal", "dual")) -> Tally:
    """Perturb ``cert`` every way; every perturbed certificate that passes must satisfy
    ``lower - slack <= known <= upper + slack``. ``slack`` is only for the roundoff of ``known`` itself.

    Returns the :class:`Tally` (also accumulated in :data:`TALLIES` per kind for the closing report).
    """
    tally = TALLIES.setdefault(cert.kind, Tally(cert.kind))
    base = verify(cert, tol)
    assert base.passed, f"the unperturbed {cert.kind} certificate must verify: {base.residuals}"
    assert base.lower - slack <= known <= base.upper + slack, (base.lower, known, base.upper)
    for label, pert in perturbations(cert, rng, sections):
        tally.trials += 1
        try:
            v = verify(pert, tol)
        except (ValueError, np.linalg.LinAlgError):
            continue  # rejected outright: allowed
        if not v.passed:
            continue
        tally.passed += 1
        if not (v.lower - slack <= known <= v.upper + slack):
            tally.false_bounds.append(f"{label}: [{v.lower!r}, {v.upper!r}] misses {known!r}")
    assert not tally.false_bounds, "false bounds:\n" + "\n".join(tally.false_bounds)
    return tally
