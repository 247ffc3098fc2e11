"""Declared outputs of a question: what ``value`` is, its unit, what ``[lower, upper]`` bracket, and
the meaning of every ``data`` key (DESIGN.md §4).

A question's answer is only readable when its meaning travels with it: ``sdpthermo list -v``,
:func:`sdpthermo.describe`, ``Result.summary()`` and the JSON output all show this declaration.

``role`` says how ``value`` relates to the certified interval:

* ``exact``: a closed form; ``[lower, upper]`` is the value with its roundoff charged;
* ``claim``: the solver's (or search's) value; ``[lower, upper]`` is the certified bracket of the optimum;
* ``lower-bound`` / ``upper-bound``: ``value`` is itself the certified lower (upper) end;
* ``estimate``: a statistical estimate (e.g. a fitted slope) whose certificate checks the data it was
  computed from, not a bracket of a true value.

Examples
--------
>>> o = Outputs(value="negativity N(rho)", unit="", role=Role.CLAIM, data={"entangled": "proved by a witness"})
>>> o.unit_label, o.describe_data("entangled")
('dimensionless', 'proved by a witness')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sdpthermo.errors import ValidationError


class Role(str, Enum):
    """How ``value`` relates to the certified ``[lower, upper]`` (see the module docstring)."""

    EXACT = "exact"
    CLAIM = "claim"
    LOWER_BOUND = "lower-bound"
    UPPER_BOUND = "upper-bound"
    ESTIMATE = "estimate"


UNITS = {"": "dimensionless", "bits": "bits (log base 2)", "nats": "nats (natural log)",
         "energy": "units of the given energies (k_B = 1)", "t_U": "units of the twirl time t_U",
         "time": "units of 1/Gamma_0 (seed 003)", "count": "a count", "bits/site": "bits per site"}


@dataclass(frozen=True)
class Outputs:
    """The declared meaning of a question's result.

    Parameters
    ----------
    value : str
        One line: what ``value`` measures, with its normalization (e.g. "trace distance, with 1/2").
    unit : str
        A key of :data:`UNITS` ("" for dimensionless).
    role : Role
        How ``value`` relates to ``[lower, upper]``.
    bracket : str
        What ``[lower, upper]`` bracket when that differs from ``value`` (empty otherwise).
    data : Mapping[str, str]
        Every ``data`` key the question may return, with a one-line meaning.
    symbol : str
        Matplotlib math text for axis labels (e.g. ``r"$D_{\\max}$"``).
    """

    value: str
    unit: str
    role: Role
    data: Mapping[str, str] = field(default_factory=dict)
    bracket: str = ""
    symbol: str = ""

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValidationError("unit", f"unknown unit {self.unit!r}", f"use one of {sorted(UNITS)}")
        if not isinstance(self.role, Role):
            raise ValidationError("role", f"must be a Role, got {self.role!r}", f"use one of {[r.value for r in Role]}")

    @property
    def unit_label(self) -> str:
        """The unit in words."""
        return UNITS[self.unit]

    def describe_data(self, key: str) -> str:
        """The meaning of ``data[key]`` (a :class:`ValidationError` for an undeclared key)."""
        try:
            return self.data[key]
        except KeyError:
            raise ValidationError("key", f"{key!r} is not a declared data key",
                                  f"declared: {sorted(self.data)}") from None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "role": self.role.value, "bracket": self.bracket,
                "symbol": self.symbol, "data": dict(self.data)}

    def lines(self) -> list[str]:
        """Human-readable lines (used by ``sdpthermo list -v`` and :func:`sdpthermo.describe`)."""
        out = [f"value: {self.value} [{self.unit_label}] ({self.role.value})"]
        if self.bracket:
            out.append(f"[lower, upper]: {self.bracket}")
        out += [f"data.{k}: {v}" for k, v in sorted(self.data.items())]
        return out


UNDECLARED = Outputs(value="(not declared by this question)", unit="", role=Role.CLAIM)


def as_outputs(declared: Outputs | Mapping[str, Any] | None) -> Outputs:
    """An :class:`Outputs` from itself, from a dict of its fields (``role`` as a string allowed; ``role``
    defaults to ``claim``, ``unit`` to dimensionless), or :data:`UNDECLARED` from ``None``.

    >>> as_outputs({"value": "H_min(A|B)", "unit": "bits", "data": {"d": "dimension"}}).unit_label
    'bits (log base 2)'
    """
    if declared is None:
        return UNDECLARED
    if isinstance(declared, Outputs):
        return declared
    fields = dict(declared)
    unknown = set(fields) - {"value", "unit", "role", "data", "bracket", "symbol"}
    if unknown or "value" not in fields:
        raise ValidationError("outputs", f"unknown or missing fields: {sorted(unknown) or ['value']}",
                              "give value (required), unit, role, data, bracket, symbol")
    role = fields.get("role", Role.CLAIM)
    try:
        fields["role"] = Role(role)
    except ValueError:
        raise ValidationError("outputs", f"unknown role {role!r}", f"use one of {[r.value for r in Role]}") from None
    fields.setdefault("unit", "")
    return Outputs(**fields)
