"""Writes ``guide/_tree.md`` at build time: one line per package and module under ``sdpthermo/``, nested by
package, each with the first line of its own docstring (so the layout page can never drift from the tree)."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "sdpthermo"


def purpose(path: Path) -> str:
    """The first line of a module's docstring, without a trailing period (empty when it has none)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().splitlines()[0].strip().rstrip(".") if doc.strip() else ""


def tree_lines(pkg: Path = PKG) -> list[tuple[str, str, int]]:
    """``(path relative to sdpthermo/, purpose, depth)`` for every module and sub-package, packages first by name."""
    out: list[tuple[str, str, int]] = []

    def walk(d: Path, depth: int) -> None:
        mods = sorted(p for p in d.glob("*.py") if p.name != "__init__.py")
        subs = sorted(p for p in d.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
        for m in mods:
            out.append((m.relative_to(pkg).as_posix(), purpose(m), depth))
        for s in subs:
            out.append((s.relative_to(pkg).as_posix() + "/", purpose(s / "__init__.py"), depth))
            walk(s, depth + 1)

    out.append(("__init__.py", purpose(pkg / "__init__.py"), 0))
    walk(pkg, 0)
    return out


def write_tree_page(path: Path) -> None:
    """Write the nested list as Markdown (rewritten only when it changes)."""
    text = "\n".join(f"{'  ' * depth}- `{name}` — {doc}" for name, doc, depth in tree_lines()) + "\n"
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
