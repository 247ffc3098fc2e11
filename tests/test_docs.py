"""The documentation's executable pages run as written (the full Sphinx build, which executes them as
notebooks, is `make docs`; this test runs their code cells directly, without a kernel)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts and "jupyter_execute" not in p.parts
               and "{code-cell}" in p.read_text())


def test_every_tutorial_is_an_executable_notebook():
    names = {p.stem for p in PAGES}
    assert {"seed000_eplt", "seed002_bath", "seed003_collision", "seed004_sthermal"} <= names
    for p in PAGES:
        assert p.read_text().startswith("---\nfile_format: mystnb"), f"{p} needs the MyST-NB header"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_code_cells_run(page, tmp_path, monkeypatch):
    monkeypatch.setenv("SDPTHERMO_STORE", str(tmp_path / "store"))
    cells = re.findall(r"```\{code-cell\} python\n(.*?)```", page.read_text(), flags=re.S)
    assert cells
    namespace: dict = {}
    for code in cells:
        exec(compile(code, str(page), "exec"), namespace)  # noqa: S102 - our own documentation


def test_toctrees_name_existing_pages():
    index = (DOCS / "index.md").read_text()
    for block in re.findall(r"```\{toctree\}\n(.*?)```", index, flags=re.S):
        for line in block.splitlines():
            if line and not line.startswith(":"):
                stem = DOCS / line.strip()
                assert any(stem.with_suffix(s).exists() for s in (".md", ".rst")) or \
                    line.strip() == "guide/questions", line
