"""Layer 9: the question registry and the problem catalogue loader.

Question families live in one module each (``registry/<family>.py``) and register themselves on
import; :func:`load_all` imports every family that is present.
"""

from __future__ import annotations

import importlib
import importlib.util

FAMILIES = ("entanglement", "eplt", "bath", "sthermal")
_loaded = False


def load_all() -> None:
    """Import every question family (idempotent)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for fam in FAMILIES:
        name = f"sdpthermo.registry.{fam}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


from sdpthermo.registry.core import Question, get_question, list_questions, question, solve  # noqa: E402
from sdpthermo.registry.params import Param, beta_from_T  # noqa: E402

__all__ = ["Param", "Question", "beta_from_T", "get_question", "list_questions", "load_all", "question", "solve"]
