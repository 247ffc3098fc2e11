"""Sphinx configuration of the sdpthermo documentation (``make docs`` builds it with warnings as errors)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# notebook kernels import this checkout's sdpthermo, whatever is installed
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _architecture_tree import write_tree_page  # noqa: E402
from _questions_page import write_questions_page  # noqa: E402

import sdpthermo  # noqa: E402

project = "sdpthermo"
author = "the sdpthermo developers"
release = version = sdpthermo.__version__
copyright = "2026, the sdpthermo developers"  # noqa: A001 - Sphinx's name

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints", "guide/_tree.md"]
html_theme = "furo"
html_title = f"sdpthermo {release}"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
numpydoc_show_class_members = False
numpydoc_validation_checks: set[str] = set()
autodoc_typehints = "signature"
autodoc_member_order = "bysource"
suppress_warnings = ["mystnb.unknown_mime_type", "myst.xref_missing"]

write_questions_page(Path(__file__).resolve().parent / "guide" / "questions.md")
write_tree_page(Path(__file__).resolve().parent / "guide" / "_tree.md")
