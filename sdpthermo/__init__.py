"""sdpthermo: open questions of quantum thermodynamics as semidefinite programs, with certified bounds.

>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=None)
>>> r.verified
True

The extension API (imported on first use): :func:`question` and :class:`Param` register a question,
:func:`verifier` a certificate kind, and :func:`solve_sdp` certifies any cvxpy LP/SOCP/SDP
(README, "Pose your own question"; plugins: :mod:`sdpthermo.registry.plugins`).

>>> import cvxpy as cp
>>> x = cp.Variable(2)
>>> r = sdpthermo.solve_sdp(cp.Problem(cp.Maximize(x[0] + x[1]), [x >= 0, x <= 1]), store=None)
>>> r.verified, r.lower <= 2.0 <= r.upper
(True, True)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def solve(question: str, **kwargs: Any) -> Any:
    """Solve a registered question (see :func:`sdpthermo.registry.core.solve`)."""
    from sdpthermo.registry.core import solve as _solve

    return _solve(question, **kwargs)


_API = {"question": "sdpthermo.registry.core", "Param": "sdpthermo.registry.params",
        "verifier": "sdpthermo.certify.base", "solve_sdp": "sdpthermo.conic",
        "ValidationError": "sdpthermo.errors", "SolveOptions": "sdpthermo.sdp.options"}


def __getattr__(name: str) -> Any:
    """The extension API, imported lazily (``import sdpthermo`` stays light)."""
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'sdpthermo' has no attribute {name!r}")


__all__ = ["Param", "SolveOptions", "ValidationError", "__version__", "question", "solve", "solve_sdp", "verifier"]
