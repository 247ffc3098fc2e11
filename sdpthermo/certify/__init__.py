"""Layer 5: solver-free verifiers (numpy only; never imports cvxpy or picos).

Each verifier module registers its certificate kinds with ``@verifier(kinds.NAME)``, a constant of
:mod:`sdpthermo.certify.kinds`.  :func:`verify` dispatches on ``Certificate.kind``; a kind not yet
registered is loaded by :func:`load_kind`, which imports only the module whose source registers it (every
module if none does), so that re-checking one certificate does not import every verifier's models;
:func:`known_kinds` imports them all.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> cert = Certificate(kinds.COLLISION_STEADY_STATE, "min", {"rho": np.diag([0.7, 0.3])}, {},
...                    {"L": np.zeros((4, 4)), "gamma": np.diag([0.7, 0.3]), "gamma_loc": np.eye(2) / 2},
...                    "seed 003 Eq. (71)", {})
>>> verify(cert).passed, "dmax" in known_kinds()
(False, True)
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from sdpthermo.certify import base, kinds
from sdpthermo.certify.base import verifier, verify

_all_loaded = False


def _verifier_modules() -> list[tuple[str, Path]]:
    """``(dotted name, source file)`` of every module of this package and its topic sub-packages."""
    out = []
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        if info.ispkg or info.name in (f"{__name__}.base", f"{__name__}.kinds"):
            continue
        rel = info.name[len(__name__) + 1:].split(".")
        out.append((info.name, Path(__path__[0], *rel[:-1], f"{rel[-1]}.py")))
    return out


def _load_all() -> None:
    global _all_loaded
    if not _all_loaded:
        _all_loaded = True
        for name, _ in _verifier_modules():
            importlib.import_module(name)


def load_kind(kind: str) -> None:
    """Import the verifier module whose source registers ``kind`` (all of them if none does).

    A module registers a kind with ``@verifier(kinds.NAME)``; the names of ``kind`` (an older spelling is
    read as its current kind, :func:`~sdpthermo.certify.kinds.canonical`) are looked up in
    :mod:`sdpthermo.certify.kinds` and searched for in the sources, without importing them.
    """
    if kinds.canonical(kind) in base._VERIFIERS:
        return
    names = kinds.constant_names(kind)
    if names:
        pattern = re.compile(r"@verifier\(\s*kinds\.(?:" + "|".join(names) + r")\s*\)")
        for name, src in _verifier_modules():
            if src.is_file() and pattern.search(src.read_text(encoding="utf-8")):
                importlib.import_module(name)
                break
    if kinds.canonical(kind) not in base._VERIFIERS:
        _load_all()


def known_kinds() -> list[str]:
    """Every registered certificate kind (imports every verifier module)."""
    _load_all()
    return base.known_kinds()


__all__ = ["known_kinds", "load_kind", "verifier", "verify"]
