r"""The energy subspace condition (ESC), seed 002 Definition 2 = Definition 16, Eq. (16) = (C3).

``H`` with levels ``E_1..E_d`` satisfies the ESC at ``n`` iff distinct occupation vectors
(types) ``m != m'`` in ``N^d`` with ``sum m = sum m' = n`` have distinct energies ``sum_k m_k E_k``.
A violation at ``n`` persists at every ``n' > n`` (add one quantum to both types), so "the ESC
holds up to ``n_max``" is decided at ``n = n_max`` and the first violation is found by scanning up.

Exactness: energies whose decimal representation has at most ``EXACT_DIGITS`` significant digits
(integers, ``0.5``, ``2.25``...) are read as the rationals they print as and compared exactly
(integer arithmetic after clearing denominators); otherwise two type energies count as equal when
they differ by at most ``TOL_ESC * n * max|E|``.

Examples
--------
>>> check_esc([0, 1, 2], 3).violation        # 2 E_2 = E_1 + E_3 (App. C)
(2, [1, 0, 1], [0, 2, 0])
>>> r = check_esc([0.0, 1.0], 50); r.holds, r.exact
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache, reduce

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.models.states import check_energies

#: energies printing with at most this many significant digits are treated as exact rationals.
EXACT_DIGITS = 12
#: relative tolerance (times ``n * max|E|``) below which two type energies count as equal (float input).
TOL_ESC = 1e-9
#: refuse enumerations with more types than this (the count is C(n + d - 1, d - 1)).
MAX_TYPES = 2_000_000


@dataclass(frozen=True)
class EscResult:
    """Outcome of the ESC check up to ``n_max``."""

    holds: bool
    n_max: int
    exact: bool
    tol: float
    violation: tuple[int, list[int], list[int]] | None


def types(n: int, d: int) -> np.ndarray:
    """All occupation vectors ``m in N^d`` with ``sum m = n`` (rows; first entry descending)."""
    return _types(n, d).copy()


@lru_cache(maxsize=256)
def _types(n: int, d: int) -> np.ndarray:
    if d == 1:
        return np.array([[n]], dtype=np.int64)
    rows = [np.column_stack([np.full(n_types(n - k, d - 1), k, dtype=np.int64), _types(n - k, d - 1)])
            for k in range(n, -1, -1)]
    return np.vstack(rows)


def n_types(n: int, d: int) -> int:
    """``C(n + d - 1, d - 1)``."""
    return math.comb(n + d - 1, d - 1)


def _is_short(x: float) -> bool:
    digits = repr(float(x)).lower().split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    return len(digits) <= EXACT_DIGITS


def integer_energies(energies: np.ndarray) -> np.ndarray | None:
    """Energies as integers after clearing denominators (None when the input is not short-decimal)."""
    if not all(_is_short(e) for e in energies):
        return None
    fr = [Fraction(repr(float(e))) for e in energies]
    lcm = reduce(lambda a, b: a * b // math.gcd(a, b), (f.denominator for f in fr), 1)
    return np.array([int(f * lcm) for f in fr], dtype=object)


def type_energy_labels(energies: object, n: int) -> tuple[np.ndarray, np.ndarray, bool, float]:
    """``(types, labels, exact, tol)``: types at ``n`` and a label per type, equal labels = equal energies."""
    e = check_energies(energies)
    if n_types(n, e.size) > MAX_TYPES:
        raise ValidationError("n", f"{n_types(n, e.size)} occupation types at n = {n} exceed {MAX_TYPES}",
                              "use a smaller n")
    ms = types(n, e.size)
    ints = integer_energies(e)
    if ints is not None:
        if max(abs(int(v)) for v in ints) * n < 2**62:  # exact in int64
            tot_i = ms @ np.array([int(v) for v in ints], dtype=np.int64)
        else:
            tot_i = np.array([sum(int(a) * int(b) for a, b in zip(m, ints)) for m in ms], dtype=object)
        _, labels = np.unique(tot_i, return_inverse=True)
        return ms, labels.ravel(), True, 0.0
    tot_f = ms @ e
    tol = TOL_ESC * n * max(1.0, float(np.abs(e).max()))
    order = np.argsort(tot_f, kind="stable")
    labels = np.empty(len(ms), dtype=int)
    lab = 0
    for pos, i in enumerate(order):
        if pos and tot_f[i] - tot_f[order[pos - 1]] > tol:
            lab += 1
        labels[i] = lab
    return ms, labels, False, tol


def esc_holds_at(energies: object, n: int) -> bool:
    """ESC at level ``n`` (hence at every level below): closed form for ``d <= 2``, else by enumeration."""
    e = check_energies(energies)
    if e.size == 1:
        return True
    if e.size == 2:
        ints = integer_energies(e)
        return bool(ints[0] != ints[1]) if ints is not None else \
            bool(abs(e[0] - e[1]) > TOL_ESC * max(1.0, float(np.abs(e).max())))
    _, labels, _, _ = type_energy_labels(e, n)
    return len(np.unique(labels)) == len(labels)


def check_esc(energies: object, n_max: int) -> EscResult:
    """Decide Definition 2 for ``n = 1..n_max``; ``violation = (n, m, m')`` at the smallest failing ``n``."""
    if isinstance(n_max, bool) or int(n_max) != n_max or n_max < 1:
        raise ValidationError("n_max", f"must be an integer >= 1, got {n_max!r}")
    n_max = int(n_max)
    exact, tol = True, 0.0
    for n in range(1, n_max + 1):
        ms, labels, exact, tol = type_energy_labels(energies, n)
        if len(np.unique(labels)) < len(labels):
            for lab in np.unique(labels):
                idx = np.flatnonzero(labels == lab)
                if len(idx) > 1:
                    return EscResult(False, n_max, exact, tol, (n, ms[idx[0]].tolist(), ms[idx[1]].tolist()))
    return EscResult(True, n_max, exact, tol, None)
