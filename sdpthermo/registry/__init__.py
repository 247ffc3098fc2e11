"""Layer 9: the question registry and the problem catalogue loader.

Questions live in one module per name prefix (``registry/<prefix>.py``: ``ppt``, ``fef``, ``separability``,
``gme``, ``eplt``, ``channel_marginal``, ``dmax``, ``bath``, ``collision``, ``mbl``, ``sthermal``) and register
themselves on import; a question module holds parameter schemas, their conversion and the call of a
formulation (:mod:`sdpthermo.formulations`), never a certificate of its own.  :func:`load_all` imports every
module of this package that is not infrastructure (:data:`INFRASTRUCTURE`), and :func:`load_question` only the
module whose source registers the named question (``@question("name"``), so that serving one question does
not import every family's solvers.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

INFRASTRUCTURE = {"backends", "core", "describe", "guards", "outputs", "params", "plugins", "problems", "states",
                  "thermal"}
_loaded = False


def load_all() -> None:
    """Import every question family (once) and every plugin (:mod:`sdpthermo.registry.plugins`)."""
    global _loaded
    if not _loaded:
        _loaded = True
        for mod in _family_modules():
            importlib.import_module(f"{__name__}.{mod}")
    from sdpthermo.registry.plugins import load_plugins

    load_plugins()


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


class _NotStatic(Exception):
    """An expression of a family module that is not a plain string expression."""


def _static_str(node: ast.AST, env: dict[str, str]) -> str:
    """Value of a string constant, an f-string of known names, a ``+`` of those, or a known name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _static_str(node.left, env) + _static_str(node.right, env)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue) and v.conversion == -1 and v.format_spec is None:
                parts.append(_static_str(v.value, env))
            else:
                parts.append(_static_str(v, env))
        return "".join(parts)
    raise _NotStatic(ast.dump(node)[:80])


def _static_questions(source: str) -> list[tuple[str, str, str]]:
    """``(name, title, reference)`` of each ``@question(...)`` in a module source, without importing it."""
    tree = ast.parse(source)
    env: dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            try:
                env[stmt.targets[0].id] = _static_str(stmt.value, env)
            except _NotStatic:
                env.pop(stmt.targets[0].id, None)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for deco in node.decorator_list:
            if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Name) and deco.func.id == "question":
                kw = {k.arg: k.value for k in deco.keywords}
                if not deco.args or "title" not in kw or "reference" not in kw:
                    raise _NotStatic("question() without a positional name, title or reference")
                out.append((_static_str(deco.args[0], env), _static_str(kw["title"], env),
                            _static_str(kw["reference"], env)))
    return out


def question_summaries() -> list[tuple[str, str, str]]:
    """``(name, title, reference)`` of every question, sorted by name, for ``sdpthermo list``.

    Read from the family sources (their ``@question`` decorators) without importing them, so that
    listing imports no solver and no model; a module whose decorator arguments are not plain string
    expressions is imported and read from the registry instead.  Equal to :func:`list_questions`'s
    ``(q.name, q.title, q.reference)`` (tested).
    """
    from sdpthermo.registry.core import _QUESTIONS

    found: dict[str, tuple[str, str, str]] = {}
    for mod in _family_modules():
        src = Path(__path__[0], f"{mod}.py")
        try:
            items = _static_questions(src.read_text(encoding="utf-8"))
        except (_NotStatic, OSError, SyntaxError):
            full = f"{__name__}.{mod}"
            importlib.import_module(full)
            items = [(q.name, q.title, q.reference) for q in _QUESTIONS.values() if q.solve_fn.__module__ == full]
        found.update((item[0], item) for item in items)
    from sdpthermo.registry.plugins import load_plugins

    load_plugins()  # plugin questions are listed too (nothing is imported when no plugin is configured)
    found.update((q.name, (q.name, q.title, q.reference)) for q in _QUESTIONS.values() if q.name not in found)
    return [found[k] for k in sorted(found)]


from sdpthermo.registry.core import Question, get_question, list_questions, question, solve  # noqa: E402
from sdpthermo.registry.params import Param, beta_from_T  # noqa: E402

__all__ = ["Param", "Question", "beta_from_T", "get_question", "list_questions", "load_all", "load_question",
           "question", "question_summaries", "solve"]
