"""Exception hierarchy of sdpthermo (layer 0).

Every error raised on bad user input is a :class:`ValidationError`, a subclass of
both :class:`SdpthermoError` and :class:`ValueError`, that names the offending
parameter and says how to fix it.  The CLI prints ``str(err)`` on one line and
exits with status 2.

Examples
--------
>>> try:
...     raise ValidationError("T", "must be >= 0", fix="pass a temperature T >= 0 (T=0 is the ground state)")
... except ValueError as e:
...     print(e)
invalid parameter 'T': must be >= 0; fix: pass a temperature T >= 0 (T=0 is the ground state)
"""

from __future__ import annotations


class SdpthermoError(Exception):
    """Base class of every error raised by sdpthermo."""


class ValidationError(SdpthermoError, ValueError):
    """Invalid input, naming the parameter and the fix.

    Parameters
    ----------
    param : str
        Name of the offending parameter, as the user wrote it.
    problem : str
        What is wrong with it.
    fix : str, optional
        What to do instead.
    """

    def __init__(self, param: str, problem: str, fix: str | None = None) -> None:
        self.param = param
        self.problem = problem
        self.fix = fix
        msg = f"invalid parameter {param!r}: {problem}"
        if fix:
            msg += f"; fix: {fix}"
        super().__init__(msg)


class SolverFailure(SdpthermoError):
    """A solver ran but returned no usable point (infeasible, unbounded, error)."""


class StoreError(SdpthermoError):
    """A certificate-store entry is corrupt, tampered with, or unreadable."""
