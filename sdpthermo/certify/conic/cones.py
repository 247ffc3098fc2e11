r"""Cone geometry of cvxpy's conic standard form (numpy only): blocks, svec, eigenvalues, projections.

cvxpy hands Clarabel and SCS the problem ``minimize c'x  s.t.  A x + s = b,  s in K`` with
``K = {0}^z x R_+^l x Q^{q_1} x ... x S_+^{k_1} x ...``.  A PSD block of order ``k`` is stored as
``svec(S)``, the ``k(k+1)/2`` entries of one triangle in column-major order with the off-diagonal
entries scaled by ``sqrt 2``, so that ``svec(S)' svec(Y) = tr(S Y)`` (Clarabel: the upper
triangle; SCS: the lower triangle).  ``K`` is self-dual: the dual cone of ``{0}^z`` is ``R^z`` and
every other factor is its own dual.

For every non-zero factor (each nonnegative entry is its own block) :class:`Cones` gives the
smallest "eigenvalue" ``lambda_min`` (the entry; ``t - ||v||`` for ``(t, v) in Q``; the smallest
eigenvalue of the matrix) and the "trace" (the entry; ``t``; ``tr S``), which satisfy, for ``y``
anything and ``s`` in the block's cone,

.. math:: y's \ge \min(0, \lambda_{\min}(y)) \operatorname{tr}(s), \qquad \|s\|_2 \le \sqrt 2 \operatorname{tr}(s),

the two inequalities the conic verifier charges residuals with (Jansson, Chaykin, Keil,
SIAM J. Numer. Anal. 46, 180 (2007), Theorem 3.2, for the PSD case).

Examples
--------
>>> import numpy as np
>>> K = Cones(z=1, l=1, q=[2], s=[2], triangle="upper")
>>> v = np.array([5.0, -1.0, 1.0, 2.0, 1.0, 0.0, 1.0])   # zero | l | (t, v) | svec of I
>>> K.lam_min(v)[0].round(12).tolist(), K.trace(v).tolist()
([-1.0, -1.0, 1.0], [-1.0, 1.0, 2.0])
>>> bool(K.lam_min(K.project(v))[0].min() >= 0)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sdpthermo.conventions import EPS_MACHINE

SQRT2 = float(np.sqrt(2.0))


def _tri_index(k: int, triangle: str) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each svec entry (column-major over the chosen triangle)."""
    rows, cols = [], []
    for j in range(k):
        rng = range(j + 1) if triangle == "upper" else range(j, k)
        for i in rng:
            rows.append(i)
            cols.append(j)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


@dataclass(frozen=True)
class Cones:
    """The cone ``K`` of the standard form: sizes of its factors and the svec triangle.

    Attributes
    ----------
    z, l : int
        Zero-cone and nonnegative-orthant dimensions.
    q : list[int]
        Second-order cone dimensions (``(t, v)``, ``||v||_2 <= t``).
    s : list[int]
        Orders of the PSD blocks.
    triangle : str
        ``"upper"`` (Clarabel) or ``"lower"`` (SCS) svec order.
    """

    z: int
    l: int  # noqa: E741 -- the key SCS and Clarabel use for the nonnegative orthant
    q: list[int]
    s: list[int]
    triangle: str = "upper"
    _idx: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Cones:
        """The cones recorded in a certificate's ``meta["cones"]``."""
        return cls(z=int(meta["z"]), l=int(meta["l"]), q=[int(d) for d in meta["q"]],
                   s=[int(k) for k in meta["s"]], triangle=str(meta["triangle"]))

    def to_meta(self) -> dict[str, Any]:
        """JSON form stored in a certificate's ``meta["cones"]`` (inverse of :meth:`from_meta`)."""
        return {"z": self.z, "l": self.l, "q": list(self.q), "s": list(self.s), "triangle": self.triangle}

    @property
    def size(self) -> int:
        """Number of rows of ``s``: ``z + l + sum q + sum_k k(k+1)/2``."""
        return self.z + self.l + sum(self.q) + sum(k * (k + 1) // 2 for k in self.s)

    @property
    def n_blocks(self) -> int:
        """Blocks other than the zero cone (each nonnegative entry is one block)."""
        return self.l + len(self.q) + len(self.s)

    def _spans(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        start = self.z + self.l
        soc, psd = [], []
        for d in self.q:
            soc.append((start, start + d))
            start += d
        for k in self.s:
            psd.append((start, start + k * (k + 1) // 2))
            start += k * (k + 1) // 2
        return soc, psd

    def index(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Row and column indices of the stored triangle of a ``k x k`` PSD cone (cached)."""
        if k not in self._idx:
            self._idx[k] = _tri_index(k, self.triangle)
        return self._idx[k]

    def mat(self, v: np.ndarray, k: int) -> np.ndarray:
        """The symmetric ``k x k`` matrix of an svec ``v``."""
        r, c = self.index(k)
        vals = np.where(r == c, v, v / SQRT2)
        m = np.zeros((k, k))
        m[r, c] = vals
        m[c, r] = vals
        return m

    def svec(self, m: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`mat`."""
        r, c = self.index(m.shape[0])
        return np.asarray(np.where(r == c, m[r, c], m[r, c] * SQRT2))

    def identity(self) -> np.ndarray:
        """The cone's unit ``e`` (zero on the zero cone): ones, ``(1, 0...)``, ``svec(I)``."""
        e = np.zeros(self.size)
        e[self.z:self.z + self.l] = 1.0
        soc, psd = self._spans()
        for a, _ in soc:
            e[a] = 1.0
        for (a, b), k in zip(psd, self.s):
            r, c = self.index(k)
            e[a:b] = (r == c).astype(float)
        return e

    def lam_min(self, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per block: a lower bound on ``lambda_min`` that covers float64 roundoff, and the bound's slack.

        Returns ``(lam, err)`` with ``lam = computed - err``.
        """
        lam, err = [], []
        lv = v[self.z:self.z + self.l]
        lam.append(lv)
        err.append(np.zeros_like(lv))
        soc, psd = self._spans()
        for a, b in soc:
            t, w = v[a], v[a + 1:b]
            nw = float(np.linalg.norm(w))
            e = 4 * (b - a + 2) * EPS_MACHINE * (abs(t) + nw)
            lam.append(np.array([t - nw - e]))
            err.append(np.array([e]))
        for (a, b), k in zip(psd, self.s):
            m = self.mat(v[a:b], k)
            e = 8 * (k + 2) * EPS_MACHINE * float(np.linalg.norm(m))
            lam.append(np.array([float(np.linalg.eigvalsh(m)[0]) - e]))
            err.append(np.array([e]))
        return np.concatenate(lam), np.concatenate(err)

    def frobenius_factor(self) -> np.ndarray:
        """Per block: ``f`` with ``||u||_2 <= f lambda_max(u)`` for ``u`` in the cone (``sqrt k`` for PSD, else 1)."""
        return np.concatenate([np.ones(self.l + len(self.q)), np.sqrt(np.asarray(self.s, dtype=float))])

    def trace(self, v: np.ndarray) -> np.ndarray:
        """Per block: entry, ``t`` or ``tr S`` (see the module docstring)."""
        out = [v[self.z:self.z + self.l]]
        soc, psd = self._spans()
        out += [np.array([v[a]]) for a, _ in soc]
        for (a, b), k in zip(psd, self.s):
            r, c = self.index(k)
            out.append(np.array([float(np.sum(v[a:b][r == c]))]))
        return np.concatenate(out)

    def project(self, v: np.ndarray, margin: float = 0.0) -> np.ndarray:
        """Euclidean projection onto ``K*`` (identity on the zero part), pushed ``margin`` into the interior
        relative to each block's norm, so that the roundoff-covering :meth:`lam_min` stays >= 0."""
        out = v.astype(float).copy()
        sl = slice(self.z, self.z + self.l)
        out[sl] = np.maximum(v[sl], 0.0)
        soc, psd = self._spans()
        for a, b in soc:
            t, w = v[a], v[a + 1:b]
            nw = float(np.linalg.norm(w))
            if nw <= t:
                pt, pw = t, w
            elif nw <= -t:
                pt, pw = 0.0, np.zeros_like(w)
            else:
                pt = (t + nw) / 2
                pw = w * (pt / nw)
            out[a] = pt + 16 * (b - a + 2) * EPS_MACHINE * (abs(pt) + float(np.linalg.norm(pw))) + margin
            out[a + 1:b] = pw
        for (a, b), k in zip(psd, self.s):
            m = self.mat(v[a:b], k)
            lam, vec = np.linalg.eigh(m)
            floor = 64 * (k + 2) * EPS_MACHINE * float(np.linalg.norm(lam)) + margin
            out[a:b] = self.svec((vec * np.maximum(lam, floor)) @ vec.T)
        return out
