"""Tensor operations on operators over ``⊗_k C^{d_k}`` (big-endian, subsystems from 0).

Examples
--------
>>> import numpy as np
>>> a, b = np.diag([1.0, 0.0]), np.eye(3) / 3
>>> np.allclose(partial_trace(np.kron(a, b), [0], [2, 3]), b)
True
>>> np.allclose(permute_systems(np.kron(a, b), [1, 0], [2, 3]), np.kron(b, a))
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import reduce

import numpy as np

from sdpthermo.errors import ValidationError


def kron_all(*ops: np.ndarray) -> np.ndarray:
    """Kronecker product ``ops[0] ⊗ ops[1] ⊗ ...``."""
    return reduce(np.kron, ops)


def site_operator(op: np.ndarray, site: int, n: int) -> np.ndarray:
    """``op`` on ``site`` (0-based, big-endian) of ``n`` qudits of dimension ``op.shape[0]``: ``I ⊗ .. ⊗ op ⊗ .. ⊗ I``.

    >>> import numpy as np
    >>> site_operator(np.diag([1.0, -1.0]), 1, 2).diagonal().tolist()
    [1.0, -1.0, 1.0, -1.0]
    """
    eye = np.eye(op.shape[0])
    return kron_all(*[op if k == site else eye for k in range(n)])


def _check(x: np.ndarray, dims: Sequence[int]) -> tuple[int, ...]:
    d = tuple(int(v) for v in dims)
    n = math.prod(d)
    if x.shape != (n, n):
        raise ValidationError("dims", f"{list(d)} multiply to {n} but the operator has shape {x.shape}",
                              "give local dimensions whose product is the matrix size")
    return d


def _check_systems(systems: Sequence[int], k: int) -> list[int]:
    s = [int(v) for v in systems]
    if any(v < 0 or v >= k for v in s) or len(set(s)) != len(s):
        raise ValidationError("systems", f"must be distinct indices in 0..{k - 1}, got {list(systems)}")
    return s


def permute_systems(x: np.ndarray, perm: Sequence[int], dims: Sequence[int]) -> np.ndarray:
    """Reorder the tensor factors: output factor ``i`` is input factor ``perm[i]``."""
    d = _check(x, dims)
    k = len(d)
    p = _check_systems(perm, k)
    if len(p) != k:
        raise ValidationError("perm", f"must be a permutation of 0..{k - 1}, got {list(perm)}")
    t = x.reshape(d + d)
    t = t.transpose(p + [k + i for i in p])
    n = math.prod(d)
    return t.reshape(n, n)


def partial_trace(x: np.ndarray, traced: Sequence[int], dims: Sequence[int]) -> np.ndarray:
    """Trace out the subsystems listed in ``traced``; the rest keep their order."""
    d = _check(x, dims)
    k = len(d)
    tr = set(_check_systems(traced, k))
    keep = [i for i in range(k) if i not in tr]
    t = x.reshape(d + d)
    # einsum over the traced pairs
    letters = "abcdefghijklmnopqrstuvwxyz"
    if 2 * k > len(letters):  # pragma: no cover - 13+ subsystems
        raise ValidationError("dims", "at most 13 subsystems are supported")
    row = [letters[i] for i in range(k)]
    col = [letters[k + i] if i not in tr else letters[i] for i in range(k)]
    out = "".join(row[i] for i in keep) + "".join(col[i] for i in keep)
    res = np.einsum("".join(row) + "".join(col) + "->" + out, t)
    m = math.prod(d[i] for i in keep) if keep else 1
    return res.reshape(m, m)


def partial_transpose(x: np.ndarray, systems: Sequence[int] | None, dims: Sequence[int]) -> np.ndarray:
    """Transpose the listed subsystems (default: the last one, ``T_B`` for a bipartite state)."""
    d = _check(x, dims)
    k = len(d)
    sys = [k - 1] if systems is None else _check_systems(systems, k)
    t = x.reshape(d + d)
    axes = list(range(2 * k))
    for s in sys:
        axes[s], axes[k + s] = axes[k + s], axes[s]
    n = math.prod(d)
    return t.transpose(axes).reshape(n, n)
