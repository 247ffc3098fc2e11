"""Layer 5: solver-free verifiers (numpy only; never imports cvxpy or picos).

Importing this package imports every verifier module in it, each registering its certificate kinds;
:func:`verify` dispatches on ``Certificate.kind``.
"""

from __future__ import annotations

import importlib
import pkgutil

from sdpthermo.certify.base import known_kinds, verifier, verify

for _info in pkgutil.iter_modules(__path__):
    if _info.name != "base":
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["known_kinds", "verifier", "verify"]
