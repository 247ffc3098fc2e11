"""CONTRIBUTING.md stays true: its worked example runs to a verified result, its make targets exist and
the paths it names exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "CONTRIBUTING.md").read_text()


def test_worked_example_runs_to_a_verified_result(tmp_path, monkeypatch):
    monkeypatch.setenv("SDPTHERMO_STORE", str(tmp_path / "store"))
    blocks = re.findall(r"```python\n(.*?)```", TEXT, flags=re.S)
    assert len(blocks) == 1, "CONTRIBUTING.md has one worked example"
    namespace: dict = {}
    exec(compile(blocks[0], "CONTRIBUTING.md", "exec"), namespace)  # noqa: S102 - our own documentation
    r = namespace["r"]
    assert r.question == "mylab.ground_energy" and r.verified
    assert r.certificate.kind == "conic" and r.lower <= -2**0.5 <= r.upper


def test_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    used = set(re.findall(r"^make ([\w-]+)", TEXT, flags=re.M)) | set(re.findall(r"`make ([\w-]+)", TEXT))
    assert {"lint", "test", "test-slow", "docs", "bench"} <= used
    assert used <= targets, f"CONTRIBUTING.md names make targets the Makefile lacks: {sorted(used - targets)}"


def test_named_paths_exist():
    paths = {p for p in re.findall(r"`([\w./-]+/[\w./-]*)`", TEXT) if "<" not in p}
    paths |= set(re.findall(r"\]\(([\w./-]+)\)", TEXT))
    assert paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, missing
