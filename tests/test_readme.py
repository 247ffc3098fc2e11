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


def test_shell_tour_runs_as_written(tmp_path):
    """Issue 17 item 7: every command of the README's shell tour runs as written and exits 0 (in a scratch
    directory with a scratch store, so the tour creates the files it uses and touches nothing committed)."""
    import os
    import shlex
    import subprocess
    import sys

    root = README.parent
    block = re.search(r"### Command line\n\n```sh\n(.*?)```", README.read_text(), flags=re.S).group(1)
    commands = [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) >= 10
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(root),
           "SDPTHERMO_STORE": str(tmp_path / "store"), "SDPTHERMO_RESULTS": str(tmp_path / "out")}
    for cmd in commands:
        argv = shlex.split(cmd)
        argv = [sys.executable, "-m", "sdpthermo", *argv[1:]] if argv[0] == "sdpthermo" else \
            [sys.executable, *argv[1:]] if argv[0] == "python" else argv
        out = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, (cmd, out.stdout[-2000:], out.stderr[-2000:])
    assert (tmp_path / "out" / "tables" / "eplt-qubit-ppt.md").is_file()
