"""Typed parameter schemas of registered questions, and their coercion and validation.

Kinds (:class:`ParamKind`; declarations may give the plain string): ``float`` (``"inf"`` allowed where
stated), ``int``, ``bool``, ``str`` (with ``choices``), ``floats`` (1-D list of reals), ``ints``, ``array``
(numeric ndarray, complex allowed), ``any`` (a JSON value or an array), ``json`` (any JSON value).  An
unknown kind is rejected when the parameter is declared.  Temperatures: questions declare ``T``
(and ``beta``) and the registry converts with :func:`beta_from_T` at the boundary.

Examples
--------
>>> p = Param("T", "float", "temperature", low=0.0, allow_inf=True)
>>> p.coerce("inf"), p.coerce(2), p.kind is ParamKind.FLOAT
(inf, 2.0, True)
>>> beta_from_T(0.0), beta_from_T(float("inf")), beta_from_T(2.0)
(inf, 0.0, 0.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.validate import as_finite_array, check_real

REQUIRED = object()


class ParamKind(StrEnum):
    """What a parameter holds, and so how :meth:`Param.coerce` converts it (members equal their strings)."""

    FLOAT = "float"
    INT = "int"
    BOOL = "bool"
    STR = "str"
    FLOATS = "floats"
    INTS = "ints"
    ARRAY = "array"
    JSON = "json"
    ANY = "any"


def beta_from_T(T: float) -> float:
    """Inverse temperature (k_B = 1): ``T = 0 -> inf`` (ground space), ``T = inf -> 0`` (maximally mixed)."""
    if T == 0:
        return math.inf
    if math.isinf(T):
        return 0.0
    return 1.0 / T


TEMPERATURE_PAIRS = (("T", "beta"), ("T_A", "beta_A"), ("T_B", "beta_B"), ("T0", "beta0"))
"""Temperature and inverse-temperature parameter names: every question accepts either of a pair."""


def T_from_beta(beta: float) -> float:
    """Temperature from inverse temperature: ``beta = inf -> 0``, ``beta = 0 -> inf``."""
    if math.isinf(beta):
        return 0.0
    if beta == 0:
        return math.inf
    return 1.0 / beta


def temperature_aliases(raw: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Accept ``T`` or ``beta`` (per side: ``T_A``/``beta_A``, ...; initial state: ``T0``/``beta0``) for a
    question that declares only one of a pair, converting at the boundary (DESIGN.md §4).

    >>> temperature_aliases({"beta": 0.5}, ["T"]), temperature_aliases({"T": 0.0}, ["beta"])
    ({'T': 2.0}, {'beta': inf})
    """
    out = dict(raw)
    for t, b in TEMPERATURE_PAIRS:
        for have, alias, convert in ((t, b, T_from_beta), (b, t, beta_from_T)):
            if have in names and alias not in names and alias in out:
                given = out.pop(alias)
                if given is None:
                    continue
                if out.get(have) is not None:
                    raise ValidationError(alias, f"conflicts with {have!r}", f"give either {have} or {alias}")
                if isinstance(given, str) and given.strip().lower() in ("inf", "+inf", "infinity"):
                    given = math.inf
                out[have] = convert(check_real(given, alias, low=0.0, allow_inf=True))
    return out


@dataclass(frozen=True)
class Param:
    """One parameter of a question: name, kind, doc, default, choices and range."""

    name: str
    kind: ParamKind | str
    doc: str
    default: Any = REQUIRED
    choices: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    allow_inf: bool = False

    def __post_init__(self) -> None:
        try:
            kind = ParamKind(self.kind)
        except ValueError:
            raise ValidationError("kind", f"parameter {self.name!r} declares the unknown kind {self.kind!r}",
                                  f"use one of {[k.value for k in ParamKind]}") from None
        object.__setattr__(self, "kind", kind)

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def coerce(self, value: Any) -> Any:
        """Convert and range-check ``value``; raises :class:`ValidationError` naming this parameter."""
        n = self.name
        if value is None and not self.required and self.default is None:
            return None
        if self.kind is ParamKind.FLOAT:
            if isinstance(value, str) and value.strip().lower() in ("inf", "+inf", "infinity"):
                value = math.inf
            v = check_real(value, n, low=self.low, high=self.high, allow_inf=self.allow_inf,
                           low_open=self.low_open)
            return v
        if self.kind is ParamKind.INT:
            if isinstance(value, bool) or not isinstance(value, (int, np.integer, float)) or \
                    (isinstance(value, float) and not value.is_integer()):
                raise ValidationError(n, f"must be an integer, got {value!r}")
            v = int(value)
            if self.low is not None and v < self.low:
                raise ValidationError(n, f"must be >= {int(self.low)}, got {v}")
            if self.high is not None and v > self.high:
                raise ValidationError(n, f"must be <= {int(self.high)}, got {v}")
            return v
        if self.kind is ParamKind.BOOL:
            if not isinstance(value, (bool, np.bool_)):
                raise ValidationError(n, f"must be true or false, got {value!r}")
            return bool(value)
        if self.kind is ParamKind.STR:
            if not isinstance(value, str):
                raise ValidationError(n, f"must be a string, got {value!r}")
            if self.choices is not None and value not in self.choices:
                raise ValidationError(n, f"unknown value {value!r}", f"use one of {list(self.choices)}")
            return value
        if self.kind in (ParamKind.FLOATS, ParamKind.INTS):
            arr = as_finite_array(value, n, ndim=1)
            if np.iscomplexobj(arr):
                raise ValidationError(n, "must be real")
            if arr.size == 0:
                raise ValidationError(n, "must not be empty")
            if self.kind is ParamKind.INTS:
                if not np.all(arr == np.round(arr)):
                    raise ValidationError(n, f"must be integers, got {list(arr)}")
                return [int(x) for x in arr]
            return [float(x) for x in arr]
        if self.kind is ParamKind.ARRAY:
            return as_finite_array(value, n)
        if self.kind is ParamKind.ANY:
            if isinstance(value, (str, bool, int, float)) and not isinstance(value, np.ndarray):
                if self.choices is not None and isinstance(value, str) and value not in self.choices:
                    raise ValidationError(n, f"unknown value {value!r}",
                                          f"use one of {list(self.choices)} or pass an array")
                return value
            return as_finite_array(value, n)
        return value  # ParamKind.JSON

    def describe(self) -> str:
        d = "" if self.required else f" = {self.default!r}"
        c = f" one of {list(self.choices)}" if self.choices else ""
        return f"{self.name}: {self.kind}{d}{c} — {self.doc}"
