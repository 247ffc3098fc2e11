"""Figures from tables (the CLI's entry point); the spec, style and drawing live in :mod:`sdpthermo.figures`.

Examples
--------
>>> from sdpthermo.registry.problems import find_problem
>>> find_problem("eplt-qubit-ppt").figure["x"]
'T'
"""

from __future__ import annotations

from sdpthermo.figures import write_figure

__all__ = ["write_figure"]
