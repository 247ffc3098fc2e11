"""Layer 9: the question registry and the problem catalogue loader.

Question families live in one module each (``registry/<family>.py``) and register themselves on
import; :func:`load_all` imports every module of this package that is not infrastructure.
"""

from __future__ import annotations

import importlib
import pkgutil

INFRASTRUCTURE = {"core", "guards", "params", "problems", "thermal"}
_loaded = False


def load_all() -> None:
    """Import every question family (idempotent)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if info.name not in INFRASTRUCTURE:
            importlib.import_module(f"{__name__}.{info.name}")


from sdpthermo.registry.core import Question, get_question, list_questions, question, solve  # noqa: E402
from sdpthermo.registry.params import Param, beta_from_T  # noqa: E402

__all__ = ["Param", "Question", "beta_from_T", "get_question", "list_questions", "load_all", "question", "solve"]
