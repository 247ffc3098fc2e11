"""Layer 5: solver-free verifiers (numpy only; never imports cvxpy or picos).

Importing this package registers every verifier; :func:`verify` dispatches on ``Certificate.kind``.
Verifier modules of other question families register themselves here too.
"""

from __future__ import annotations

import importlib
import importlib.util

from sdpthermo.certify.base import known_kinds, verifier, verify

MODULES = ("ppt", "dmax", "bath", "sthermal")
for _m in MODULES:
    if importlib.util.find_spec(f"sdpthermo.certify.{_m}") is not None:
        importlib.import_module(f"sdpthermo.certify.{_m}")

__all__ = ["known_kinds", "verifier", "verify"]
