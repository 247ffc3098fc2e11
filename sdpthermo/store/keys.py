"""Content addresses of store entries: canonical parameters, array hashes and instance ids (DESIGN.md §5).

``instance_id = sha256(canonical JSON of (question, params, formulation version))``, where an array
parameter is replaced by ``{"__array__": sha256(bytes, dtype, shape), "shape", "dtype"}``.  The same
functions recompute an id from a stored entry, which binds the entry to its key.

Examples
--------
>>> import numpy as np
>>> canon, arrays = canonical_params({"T": 1.0, "rho": np.eye(2) / 2})
>>> sorted(canon), canon["rho"]["__array__"] == array_hash(np.eye(2) / 2), list(arrays)
(['T', 'rho'], True, ['rho'])
>>> len(instance_id("ppt", canon, "1"))
64
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from typing import Any

import numpy as np


def array_hash(arr: np.ndarray) -> str:
    """sha256 of an array's bytes (C order), dtype and shape."""
    a = np.ascontiguousarray(arr)
    return hashlib.sha256(a.tobytes() + str((a.dtype.str, a.shape)).encode()).hexdigest()


def _canonical(value: Any, arrays: dict[str, np.ndarray], key: str) -> Any:
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value)
        arrays[key] = arr
        return {"__array__": array_hash(arr), "shape": list(arr.shape), "dtype": arr.dtype.str}
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


def array_refs(canon: Any, key: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """``(key, reference)`` of every array reference in canonical params (the keys of ``param_arrays``)."""
    if isinstance(canon, dict) and "__array__" in canon:
        yield key, canon
    elif isinstance(canon, dict):
        for k, v in canon.items():
            yield from array_refs(v, f"{key}.{k}" if key else str(k))
    elif isinstance(canon, list):
        for i, v in enumerate(canon):
            yield from array_refs(v, f"{key}.{i}")


def restore_params(canon: dict[str, Any], arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """Canonical params with every array reference replaced by its array (the inverse of the hashing)."""

    def walk(v: Any, key: str) -> Any:
        if isinstance(v, dict) and "__array__" in v:
            return arrays[key]
        if isinstance(v, dict):
            return {k: walk(x, f"{key}.{k}" if key else k) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, f"{key}.{i}") for i, x in enumerate(v)]
        if v in ("inf", "-inf", "nan"):
            return float(v)
        return v

    return {k: walk(v, k) for k, v in canon.items()}


def instance_id(question_name: str, canon: dict[str, Any], version: str) -> str:
    """sha256 of the canonical JSON of (question, params, formulation version)."""
    blob = json.dumps({"question": question_name, "params": canon, "version": version}, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()
