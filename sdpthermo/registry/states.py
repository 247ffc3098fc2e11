"""Shared parameter handling for questions on a given state: ``state`` and ``dims``.

``ppt``, ``ppt.witness``, ``fef``, ``separability.dps`` and ``gme.ppt_mixture`` take a density matrix
``state`` and the local dimensions ``dims``; :func:`check_bipartite` validates a two-party pair (every
error names its parameter).

Examples
--------
>>> import numpy as np
>>> p = check_bipartite({"state": np.eye(4) / 4, "dims": [2, 2]})
>>> p["dims"], p["state"].shape
([2, 2], (4, 4))
"""

from __future__ import annotations

from typing import Any

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.validate import as_density_matrix, check_dims
from sdpthermo.registry.params import Param

STATE = Param("state", "array", "density matrix (use @file.npy on the command line)")
DIMS = Param("dims", "ints", "local dimensions [d_A, d_B]")
STATE_PARAMS = (STATE, DIMS)


def check_bipartite(p: dict[str, Any], equal: bool = False) -> dict[str, Any]:
    """``state`` as a density matrix on ``dims = [d_A, d_B]`` (``equal``: ``d_A = d_B`` is required)."""
    dims = check_dims(p["dims"], "dims", parties=2)
    if equal and dims[0] != dims[1]:
        raise ValidationError("dims", f"the fully entangled fraction needs d_A = d_B, got {list(dims)}",
                              "pass a state on C^d ⊗ C^d")
    rho = as_density_matrix(p["state"], "state", dims=dims)
    return {**p, "state": rho, "dims": list(dims)}
