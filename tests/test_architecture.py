"""docs/guide/architecture.md stays true: its tree is generated from the modules' docstrings (every module and
package must have a one-line purpose to list), its layer table agrees with the layer map that
tests/test_layers.py enforces on the imports, and every path its topics table names exists."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "sdpthermo"
PAGE = ROOT / "docs" / "guide" / "architecture.md"
sys.path.insert(0, str(ROOT / "docs"))
from _architecture_tree import tree_lines  # noqa: E402


def _on_disk() -> set[str]:
    out = {"__init__.py"}
    for p in PKG.rglob("*.py"):
        rel = p.relative_to(PKG)
        if "__pycache__" in rel.parts:
            continue
        out.add(rel.parent.as_posix() + "/" if p.name == "__init__.py" and rel.parent != Path(".")
                else rel.as_posix())
    return out


def test_every_directory_with_modules_is_a_package():
    for d in PKG.rglob("*"):
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py")):
            assert (d / "__init__.py").is_file(), f"{d.relative_to(ROOT)} holds modules but is not a package"


def test_generated_tree_lists_every_module_once_with_a_purpose():
    lines = tree_lines()
    names = [n for n, _, _ in lines]
    assert len(names) == len(set(names)) and set(names) == _on_disk()
    no_doc = [n for n, doc, _ in lines if not doc]
    assert not no_doc, f"give these a one-line module docstring (it is their line on the architecture page): {no_doc}"
    too_long = [n for n, doc, _ in lines if len(doc) > 120]
    assert not too_long, f"first docstring line over 120 characters: {too_long}"


def test_generated_tree_nests_modules_under_their_package():
    stack: list[str] = []
    for name, _, depth in tree_lines():
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


@pytest.mark.parametrize("column,base", [(2, "info_models"), (3, "formulations"), (4, "certify"), (5, "registry")])
def test_topics_table_names_existing_paths(column: int, base: str):
    section = PAGE.read_text().split("## Topics across layers", 1)[1].split("\n## ", 1)[0]
    rows = [r.split("|")[1:-1] for r in section.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert rows, "architecture.md lost its topics table"
    for row in rows:
        for name in re.findall(r"`([\w./]+)`", row[column]):
            if base == "info_models" or name.startswith(("tests/", "problems/")) or name == "conic.py":
                cand = [PKG / name, ROOT / name]
            else:
                cand = [PKG / base / name, PKG / name]
            assert any(c.exists() for c in cand), f"topics table names {name!r} (column {base}), which does not exist"
