"""docs/guide/architecture.md stays true: it names every module and package under ``sdpthermo/`` and nothing
else, and its layer table agrees with the layer map that tests/test_layers.py enforces on the imports."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "sdpthermo"
PAGE = ROOT / "docs" / "guide" / "architecture.md"


def _tree_on_disk() -> set[str]:
    """Paths relative to ``sdpthermo/``: every module, and every package as ``dir/`` (the root as ``__init__.py``)."""
    out = {"__init__.py"}
    for p in PKG.rglob("*.py"):
        rel = p.relative_to(PKG)
        if "__pycache__" in rel.parts:
            continue
        if p.name == "__init__.py":
            if rel.parent != Path("."):
                out.add(rel.parent.as_posix() + "/")
        else:
            out.add(rel.as_posix())
    for d in PKG.rglob("*"):
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py")):
            assert (d / "__init__.py").is_file(), f"{d.relative_to(ROOT)} holds modules but is not a package"
    return out


def _tree_on_page() -> list[str]:
    block = re.search(r"<!-- tree-start -->\n(.*?)<!-- tree-end -->", PAGE.read_text(), flags=re.S)
    assert block, "architecture.md lost its tree markers"
    names = []
    for line in block.group(1).splitlines():
        m = re.match(r"\s*- `([\w./]+)` — \S", line)
        assert m, f"not a tree line ('- `path` — purpose'): {line!r}"
        names.append(m.group(1))
    return names


def test_page_names_every_module_and_package():
    missing = _tree_on_disk() - set(_tree_on_page())
    assert not missing, f"add to docs/guide/architecture.md (one line each): {sorted(missing)}"


def test_page_names_nothing_that_does_not_exist():
    names = _tree_on_page()
    assert len(names) == len(set(names)), "a module is listed twice"
    extra = set(names) - _tree_on_disk()
    assert not extra, f"docs/guide/architecture.md names what is not in sdpthermo/: {sorted(extra)}"


def test_tree_nests_modules_under_their_package():
    """Each line sits under the line of its package (indentation two spaces per level)."""
    block = re.search(r"<!-- tree-start -->\n(.*?)<!-- tree-end -->", PAGE.read_text(), flags=re.S).group(1)
    stack: list[str] = []
    for line in block.splitlines():
        depth = (len(line) - len(line.lstrip())) // 2
        name = re.match(r"\s*- `([\w./]+)`", line).group(1)
        parent = name.rstrip("/").rpartition("/")[0]
        stack = stack[:depth]
        assert (stack[-1] if stack else "") == (parent + "/" if parent else ""), f"{name} is not under its package"
        if name.endswith("/"):
            stack.append(name)


def test_layer_table_matches_the_enforced_layers():
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \|", PAGE.read_text(), flags=re.M)
    assert rows, "architecture.md lost its layer table"
    on_page = {name.rstrip("/").removesuffix(".py"): int(layer)
               for layer, cell in rows for name in re.findall(r"`([\w./]+)`", cell)}
    assert on_page == LAYERS
