"""``benchmarks/run.py`` (issue 19): module names pass through, one Markdown report is written."""

from __future__ import annotations

import ast
import types

import pytest

from benchmarks import run
from benchmarks.common import Record


def test_named_modules_run_alone_and_write_one_report(tmp_path, monkeypatch):
    seen = []

    def fake_import(name):
        seen.append(name)
        return types.SimpleNamespace(main=lambda full: [Record("ppt", "negativity, d=2x2", 0.5, "toqito", 2.0,
                                                               "one eigvalsh", 0.25, "equal to 1e-10", "n")])

    monkeypatch.setattr(run.importlib, "import_module", fake_import)
    out = tmp_path / "latest.md"
    assert run.main(["ppt", "--out", str(out)]) == 0
    assert seen == ["benchmarks.bench_ppt"]
    text = out.read_text()
    assert "| ppt | negativity, d=2x2 | 0.5 | toqito | 2 | 4x | one eigvalsh | 0.25 | 2x | equal to 1e-10 | n |" in text
    assert "modules: bench_ppt" in text


def test_a_failing_module_is_recorded(tmp_path, monkeypatch):
    def boom(full):
        raise RuntimeError("peer missing")

    monkeypatch.setattr(run.importlib, "import_module", lambda name: types.SimpleNamespace(main=boom))
    out = tmp_path / "latest.md"
    run.main(["bench_mbl", "--out", str(out)])
    assert "FAILED: RuntimeError: peer missing" in out.read_text()


def test_unknown_module_is_rejected(tmp_path):
    with pytest.raises(SystemExit) as exc:
        run.main(["nope", "--out", str(tmp_path / "x.md")])
    assert exc.value.code == 2


@pytest.mark.parametrize("module", run.MODULES)
def test_every_module_takes_full_and_returns_records(module):
    """``run.main`` calls ``main(full=...)`` and collects its records: each module's ``main`` must fit."""
    tree = ast.parse((run.ROOT / f"{module}.py").read_text())
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    assert "full" in [a.arg for a in main.args.args + main.args.kwonlyargs]
    assert main.returns is not None and "Record" in ast.unparse(main.returns)
