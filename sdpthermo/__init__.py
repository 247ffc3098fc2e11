"""sdpthermo: open questions of quantum thermodynamics as semidefinite programs, with certified bounds.

>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=None)
>>> r.verified
True
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def solve(question: str, **kwargs: Any) -> Any:
    """Solve a registered question (see :func:`sdpthermo.registry.core.solve`)."""
    from sdpthermo.registry.core import solve as _solve

    return _solve(question, **kwargs)


__all__ = ["__version__", "solve"]
