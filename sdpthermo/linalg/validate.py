"""Input validation: every public entry point funnels user data through here.

Each check raises :class:`~sdpthermo.errors.ValidationError` naming the parameter
and the fix. Tolerances are relative to the matrix scale (``TOL_VALIDATE``).

Examples
--------
>>> import numpy as np
>>> rho = as_density_matrix(np.eye(4) / 4, "state", dims=[2, 2])
>>> rho.shape
(4, 4)
>>> try:
...     as_density_matrix(np.eye(4), "state")
... except ValueError as err:
...     print(err)
invalid parameter 'state': trace is 4 (must be 1); fix: normalize the state: state / trace(state)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from sdpthermo.conventions import TOL_VALIDATE
from sdpthermo.errors import ValidationError


def as_finite_array(x: object, name: str, *, ndim: int | None = None) -> np.ndarray:
    """Convert ``x`` to a numeric numpy array with no NaN/inf entries."""
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - numpy accepts almost anything
        raise ValidationError(name, f"cannot be read as an array ({exc})") from exc
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ValidationError(name, f"must be numeric, got dtype {arr.dtype}", "pass numbers (real or complex)")
    if ndim is not None and arr.ndim != ndim:
        raise ValidationError(name, f"must be {ndim}-dimensional, got shape {arr.shape}")
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValidationError(name, "contains NaN or inf", "pass finite entries only")
    if np.iscomplexobj(arr):
        return arr.astype(complex)
    return arr.astype(float)


def as_square_matrix(x: object, name: str) -> np.ndarray:
    """A finite square matrix."""
    arr = as_finite_array(x, name)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise ValidationError(name, f"must be a non-empty square matrix, got shape {arr.shape}")
    return arr


def _scale(m: np.ndarray) -> float:
    return max(1.0, float(np.max(np.abs(m))) if m.size else 1.0)


def as_hermitian(x: object, name: str, *, tol: float = TOL_VALIDATE) -> np.ndarray:
    """A finite Hermitian matrix, returned exactly Hermitian (``(M + M^†)/2``); real if it is real."""
    m = as_square_matrix(x, name)
    err = float(np.max(np.abs(m - m.conj().T)))
    if err > tol * _scale(m):
        raise ValidationError(name, f"is not Hermitian (max |M - M^dagger| = {err:.3g})", "pass a Hermitian matrix")
    h = (m + m.conj().T) / 2
    if np.iscomplexobj(h) and float(np.max(np.abs(h.imag), initial=0.0)) == 0.0:
        h = h.real
    return h


def as_psd(x: object, name: str, *, tol: float = TOL_VALIDATE) -> np.ndarray:
    """A Hermitian positive-semidefinite matrix (eigenvalues >= -tol * scale)."""
    h = as_hermitian(x, name, tol=tol)
    lmin = float(np.linalg.eigvalsh(h)[0])
    if lmin < -tol * _scale(h):
        raise ValidationError(name, f"is not positive semidefinite (min eigenvalue {lmin:.3g})", "pass a PSD matrix")
    return h


def as_density_matrix(
    x: object, name: str, *, dims: Sequence[int] | None = None, tol: float = TOL_VALIDATE
) -> np.ndarray:
    """A density matrix: Hermitian, PSD, unit trace, and of size ``prod(dims)`` when ``dims`` is given."""
    rho = as_psd(x, name, tol=tol)
    tr = float(np.trace(rho).real)
    if abs(tr - 1.0) > tol * rho.shape[0]:
        raise ValidationError(name, f"trace is {tr:.6g} (must be 1)", f"normalize the state: {name} / trace({name})")
    if dims is not None:
        d = check_dims(dims, "dims")
        if math.prod(d) != rho.shape[0]:
            raise ValidationError(
                "dims", f"{list(d)} multiply to {math.prod(d)} but {name} is {rho.shape[0]}x{rho.shape[0]}",
                "give local dimensions whose product is the matrix size",
            )
    return rho


def check_dims(dims: object, name: str = "dims", *, parties: int | None = None) -> tuple[int, ...]:
    """Local dimensions: a sequence of integers >= 1 (of length ``parties`` if given)."""
    if isinstance(dims, (int, np.integer)) or dims is None:
        raise ValidationError(name, f"must be a list of local dimensions, got {dims!r}", "e.g. dims=[2, 2]")
    try:
        seq = list(dims)  # type: ignore[call-overload]
    except TypeError as exc:
        raise ValidationError(name, f"must be a list of local dimensions, got {dims!r}", "e.g. dims=[2, 2]") from exc
    out = []
    for v in seq:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer, float)) or float(v) != int(v) or int(v) < 1:
            raise ValidationError(name, f"entries must be integers >= 1, got {seq!r}", "e.g. dims=[2, 2]")
        out.append(int(v))
    if not out:
        raise ValidationError(name, "is empty", "e.g. dims=[2, 2]")
    if parties is not None and len(out) != parties:
        raise ValidationError(name, f"must list {parties} local dimensions, got {len(out)}")
    return tuple(out)


def check_probability_vector(p: object, name: str, *, length: int | None = None,
                             tol: float = TOL_VALIDATE) -> np.ndarray:
    """A probability vector: finite, nonnegative, summing to 1 (of ``length`` if given)."""
    v = as_finite_array(p, name, ndim=1)
    if np.iscomplexobj(v):
        raise ValidationError(name, "must be real")
    if length is not None and v.size != length:
        raise ValidationError(name, f"must have length {length}, got {v.size}")
    if v.size == 0 or np.min(v) < -tol:
        raise ValidationError(name, "entries must be >= 0", "pass probabilities")
    if abs(float(v.sum()) - 1.0) > tol * max(1, v.size):
        raise ValidationError(name, f"sums to {float(v.sum()):.6g} (must be 1)", f"normalize: {name} / sum({name})")
    return np.clip(v, 0.0, None)


def check_real(x: object, name: str, *, low: float | None = None, high: float | None = None,
               allow_inf: bool = False, low_open: bool = False) -> float:
    """A real scalar in ``[low, high]`` (``(low, high]`` when ``low_open``); NaN always rejected."""
    if isinstance(x, bool):
        raise ValidationError(name, f"must be a number, got {x!r}")
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ValidationError(name, f"must be a number, got {x!r}") from exc
    if math.isnan(v) or (math.isinf(v) and not allow_inf):
        raise ValidationError(name, f"must be finite, got {v}")
    if low is not None and (v < low or (low_open and v == low)):
        op = ">" if low_open else ">="
        raise ValidationError(name, f"must be {op} {low}, got {v}")
    if high is not None and v > high:
        raise ValidationError(name, f"must be <= {high}, got {v}")
    return v
