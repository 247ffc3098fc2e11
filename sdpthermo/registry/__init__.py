"""Layer 9: the question registry and the problem catalogue loader.

Question families live in one module each (``registry/<family>.py``) and register themselves on
import; :func:`load_all` imports every module of this package that is not infrastructure, and
:func:`load_question` only the module whose source registers the named question (``@question("name"``),
so that serving one question does not import every family's solvers.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

INFRASTRUCTURE = {"core", "params", "problems", "thermal"}
_loaded = False


def load_all() -> None:
    """Import every question family (idempotent)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in _family_modules():
        importlib.import_module(f"{__name__}.{mod}")


def _family_modules() -> list[str]:
    return [info.name for info in pkgutil.iter_modules(__path__) if info.name not in INFRASTRUCTURE]


def load_question(name: str) -> None:
    """Import the family module that registers ``name`` (all of them if no source names it)."""
    from sdpthermo.registry.core import _QUESTIONS

    if name in _QUESTIONS:
        return
    pattern = re.compile(r"@question\(\s*" + re.escape(f'"{name}"'))
    for mod in _family_modules():
        src = Path(__path__[0], f"{mod}.py")
        if src.is_file() and pattern.search(src.read_text(encoding="utf-8")):
            importlib.import_module(f"{__name__}.{mod}")
            break
    if name not in _QUESTIONS:
        load_all()


from sdpthermo.registry.core import Question, get_question, list_questions, question, solve  # noqa: E402
from sdpthermo.registry.params import Param, beta_from_T  # noqa: E402

__all__ = ["Param", "Question", "beta_from_T", "get_question", "list_questions", "load_all", "load_question",
           "question", "solve"]
