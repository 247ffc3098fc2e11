"""Certificate kinds (issue 15): constants defined once in one style, used by every verifier and certificate,
older spellings still read (store) and dispatched (verify), and the lazy loader finds a kind by its constant."""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import sdpthermo
from sdpthermo.certify import base, kinds, known_kinds, verify
from sdpthermo.store import Store

PKG = Path(sdpthermo.__file__).resolve().parent


def test_kinds_are_defined_once_in_one_style():
    assert len(kinds.ALL) == len(set(kinds.ALL)) >= 27
    assert all(kinds.STYLE.fullmatch(k) for k in kinds.ALL), [k for k in kinds.ALL if not kinds.STYLE.fullmatch(k)]
    assert set(kinds.LEGACY.values()) <= set(kinds.ALL) and not set(kinds.LEGACY) & set(kinds.ALL)
    assert all(kinds.canonical(old) == new for old, new in kinds.LEGACY.items())


def test_every_kind_has_a_verifier_and_every_builtin_verifier_a_constant():
    known = set(known_kinds())
    assert set(kinds.ALL) <= known
    builtin = {k for k, fn in base._VERIFIERS.items() if fn.__module__.startswith("sdpthermo.certify.")}
    assert builtin == set(kinds.ALL)


def _kind_arguments(tree: ast.AST) -> list[tuple[int, ast.expr]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("verifier",
                                                                                              "Certificate"):
            kw = {k.arg: k.value for k in node.keywords}
            arg = node.args[0] if node.args else kw.get("kind")
            if arg is not None:
                out.append((node.lineno, arg))
    return out


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(PKG)))
def test_no_kind_is_a_string_literal(path):
    """Every ``@verifier(...)`` and ``Certificate(kind=...)`` of the package names a constant of ``kinds``."""
    for line, arg in _kind_arguments(ast.parse(path.read_text(encoding="utf-8"))):
        assert not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)), f"{path.name}:{line}"


def test_an_older_kind_is_read_as_the_current_one(tmp_path):
    r = sdpthermo.solve("bath.esc", energies=[0, 1, 2], n_max=3, store=None)
    assert r.certificate.kind == kinds.BATH_ESC
    old = replace(r, certificate=replace(r.certificate, kind="esc"))
    assert verify(old.certificate).passed  # verify dispatches an older spelling too
    st = Store(tmp_path)
    path = st.put(old)
    assert '"kind": "esc"' in path.read_text()
    back = st.get("bath.esc", r.instance_id)
    assert back is not None and back.verified and back.certificate.kind == kinds.BATH_ESC


@pytest.mark.parametrize(("kind", "module"), [(kinds.COLLISION_STEADY_STATE, "collision"),
                                              ("collision.steady-state", "collision"),
                                              (kinds.STHERMAL_ERGOTROPY_GRID, "sthermal.grid")])
def test_load_kind_imports_only_the_module_that_registers_it(kind, module):
    code = ("import sys\nfrom sdpthermo.certify import base, load_kind\n"
            f"load_kind({kind!r})\n"
            "mods = sorted(m for m in sys.modules if m.startswith('sdpthermo.certify.') and m not in "
            "('sdpthermo.certify.base', 'sdpthermo.certify.kinds', 'sdpthermo.certify.rounding'))\n"
            f"assert base.canonical({kind!r}) in base._VERIFIERS, mods\n"
            f"assert 'sdpthermo.certify.{module}' in mods and 'sdpthermo.certify.mbl' not in mods, mods\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
