"""DESIGN.md §2: imports point strictly downward; nothing imports the CLI; certify never imports a solver."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "sdpthermo"
LAYERS = {
    "conventions": 0, "errors": 0, "linalg": 1, "info": 2, "models": 3, "results": 4, "certify": 5, "sdp": 6,
    "formulations": 7, "store": 8, "registry": 9, "conic": 9, "sweeps": 10, "tables": 10, "frames": 10,
    "testing": 10, "plots": 10, "figures": 10, "reproduce": 10, "cli": 11,
    "__main__": 11,
}
SOLVERS = {"cvxpy", "picos", "clarabel", "scs", "cvxopt"}


def _layer(mod: str) -> int | None:
    parts = mod.split(".")
    if parts[0] != "sdpthermo":
        return None
    if len(parts) == 1:
        return -1  # the package root (version, solve shim) sits outside the layering
    return LAYERS[parts[1]]


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, node.lineno))
    return out


FILES = sorted(p for p in PKG.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_downward(path: Path) -> None:
    me = _module_name(path)
    my_layer = _layer(me)
    for mod, line in _imports(path):
        other = _layer(mod)
        if other is None or other == -1 or my_layer == -1:
            continue
        assert other <= my_layer, f"{me} (layer {my_layer}) imports {mod} (layer {other}) at line {line}"
        assert not (mod.startswith("sdpthermo.cli") and me not in ("sdpthermo.__main__",)), \
            f"{me} imports the CLI at line {line}"


@pytest.mark.parametrize("path", sorted((PKG / "certify").rglob("*.py")) + sorted((PKG / "results.py",)),
                         ids=lambda p: p.name)
def test_certify_never_imports_a_solver(path: Path) -> None:
    for mod, line in _imports(path):
        assert mod.split(".")[0] not in SOLVERS, f"{path.name} imports {mod} at line {line}"


def test_layer_table_covers_every_module() -> None:
    for path in FILES:
        name = _module_name(path)
        if name != "sdpthermo":
            assert name.split(".")[1] in LAYERS, f"{name} is not assigned a layer"
