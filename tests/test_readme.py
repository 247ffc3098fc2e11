"""The README's Python tour runs as written (the README's promises stay true)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_python_tour_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("SDPTHERMO_STORE", str(tmp_path / "store"))
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README has a Python tour"
    namespace: dict = {}
    for code in blocks:
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    r = namespace["r"]
    assert r.verified and r.data["entangled"]
    assert (tmp_path / "store" / "eplt.ppt").is_dir()


def test_shell_tour_names_real_questions_and_problems():
    from sdpthermo.registry.core import list_questions
    from sdpthermo.registry.problems import load_problems

    text = README.read_text()
    names = {q.name for q in list_questions()} | {p.id for p in load_problems()}
    used = set(re.findall(r"sdpthermo (?:solve|run|table) ([A-Za-z][\w.-]*)", text)) - {"PROBLEM"}
    assert used and used <= names, used - names
