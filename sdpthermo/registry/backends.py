"""Declared backends of a question: which modelling backend each of its methods runs (DESIGN.md §4).

A question declares the backends its solve path can run: ``cvxpy``, ``picos``, or ``none`` (solver-free:
a closed form, numpy/scipy, or a conic solver called without a modelling layer).  A question with a
``method`` parameter declares them per method.  :meth:`Backends.check` refuses a request the question
cannot honour (a :class:`~sdpthermo.errors.ValidationError` naming ``backend``: the CLI prints one line and
exits 2), so a result never reports one backend while another one ran.  The default request
(``SolveOptions().backend``, ``cvxpy``) is accepted by a solver-free path: it asks for nothing.

Examples
--------
>>> b = as_backends({"closed-form": ("none",), "sdp": ("cvxpy", "picos")}, ("closed-form", "sdp"))
>>> b.check("ppt", "sdp", "picos") is None, b.describe()
(True, 'closed-form: none; sdp: cvxpy, picos')
>>> try:
...     b.check("ppt", "closed-form", "picos")
... except ValueError as err:
...     print(err.problem)
'ppt' with method='closed-form' has no 'picos' path
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sdpthermo.errors import ValidationError
from sdpthermo.sdp.options import BACKENDS, SolveOptions

NONE = "none"
KNOWN = (*BACKENDS, NONE)
DEFAULT = SolveOptions().backend
ALL_METHODS = "*"
"""The key of a declaration that holds for every method (a question without a ``method`` parameter)."""


@dataclass(frozen=True)
class Backends:
    """Backends per method (``{ALL_METHODS: backends}`` when they do not depend on a method)."""

    by_method: Mapping[str, tuple[str, ...]]

    def of(self, method: str | None) -> tuple[str, ...]:
        """The backends of ``method`` (of every method for a declaration that does not depend on one)."""
        if ALL_METHODS in self.by_method:
            return self.by_method[ALL_METHODS]
        return self.by_method[str(method)]

    def accepts(self, method: str | None, backend: str) -> bool:
        allowed = self.of(method)
        return backend in allowed or (NONE in allowed and backend == DEFAULT)

    def check(self, question: str, method: str | None, backend: str) -> None:
        """Raise a :class:`ValidationError` naming ``backend`` when ``method`` of ``question`` has no such path."""
        if self.accepts(method, backend):
            return None
        how = f" with method={method!r}" if ALL_METHODS not in self.by_method else ""
        raise ValidationError("backend", f"{question!r}{how} has no {backend!r} path", f"supported: {self.describe()}")

    def describe(self) -> str:
        """One line: ``cvxpy, picos`` or ``method: backends; ...``."""
        if ALL_METHODS in self.by_method:
            return ", ".join(self.by_method[ALL_METHODS])
        return "; ".join(f"{m}: {', '.join(b)}" for m, b in self.by_method.items())

    def to_json(self) -> dict[str, list[str]]:
        return {m: list(b) for m, b in self.by_method.items()}


def as_backends(declared: Sequence[str] | Mapping[str, Sequence[str]] | Backends | None,
                methods: Sequence[Any] | None) -> Backends:
    """A :class:`Backends` from a sequence (every method), a ``{method: backends}`` dict naming every method of
    ``methods`` (the choices of the question's ``method`` parameter), or ``None`` (``cvxpy`` only)."""
    if isinstance(declared, Backends):
        return declared
    if declared is None:
        declared = (DEFAULT,)
    if isinstance(declared, Mapping):
        if methods is None:
            raise ValidationError("backends", "is given per method but the question has no 'method' parameter",
                                  "declare one sequence of backends, e.g. backends=('cvxpy',)")
        if set(declared) != {str(m) for m in methods}:
            raise ValidationError("backends", f"names methods {sorted(declared)}, the question has "
                                  f"{sorted(str(m) for m in methods)}", "declare the backends of every method")
        table = {str(m): tuple(declared[str(m)]) for m in methods}
    else:
        table = {ALL_METHODS: tuple(declared)}
    for m, names in table.items():
        bad = [b for b in names if b not in KNOWN]
        if not names or bad:
            raise ValidationError("backends", f"unknown or missing backends {bad or list(names)} for {m!r}",
                                  f"use some of {list(KNOWN)}")
    return Backends(table)
