"""The problem catalogue: ``problems/<family>/<slug>.toml`` files naming instances and sweeps.

Schema (DESIGN.md §4)::

    id = "eplt-qubit-ppt"            # unique
    question = "eplt.ppt"            # a registered question
    title = "..."
    [reference]  seed = "000_...txt", equation = "Eq. (5)"
    [params]     fixed parameters (arrays as nested lists)
    [sweep]      name = [values...]  (the grid is the Cartesian product, in file order)
    [table]      columns = ["T", "value", "bounds", "data.entangled", ...]
                 row_quantum = ["data.p0", ...]  # optional: data columns whose error is at most the row's
                                                 # certified width (printed at the row's quantum, sdpthermo.tables)
    [figure]     kind = "line" | "heatmap", x, y (str or list), z (heatmap), series, xscale, yscale
    [[expected]] params = {T = 1.0}, value = ..., atol = ..., source = "..."
    contract_points = 2              # optional: sweep points the CI contract test solves (default 6)
    contract_overrides = {starts = 0}  # optional: parameters the contract test overrides (smaller instances)

Examples
--------
>>> probs = load_problems()
>>> p = find_problem("eplt-qubit-ppt", probs)
>>> p.question, len(p.points()) > 10
('eplt.ppt', True)
"""

from __future__ import annotations

import itertools
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdpthermo.errors import ValidationError

DEFAULT_PROBLEMS = Path("problems")


def problems_root() -> Path:
    """``$SDPTHERMO_PROBLEMS``, else ``./problems``, else the ``problems/`` beside the package source."""
    env = os.environ.get("SDPTHERMO_PROBLEMS")
    if env:
        return Path(env)
    if DEFAULT_PROBLEMS.is_dir():
        return DEFAULT_PROBLEMS
    return Path(__file__).resolve().parents[2] / "problems"


@dataclass(frozen=True)
class Problem:
    """One catalogue entry: a question, fixed params, an optional sweep, and how to tabulate it."""

    id: str
    question: str
    title: str
    reference: dict[str, str]
    params: dict[str, Any]
    sweep: dict[str, list[Any]]
    columns: list[str]
    figure: dict[str, Any]
    expected: list[dict[str, Any]]
    path: Path
    extra: dict[str, Any] = field(default_factory=dict)
    row_quantum: tuple[str, ...] = ()

    def points(self) -> list[dict[str, Any]]:
        """Every parameter set of the sweep (one point if there is no sweep)."""
        if not self.sweep:
            return [dict(self.params)]
        keys = list(self.sweep)
        return [{**self.params, **dict(zip(keys, combo))} for combo in itertools.product(*self.sweep.values())]

    def point_matching(self, selector: dict[str, Any]) -> dict[str, Any]:
        """The unique sweep point whose parameters include ``selector``."""
        hits = [p for p in self.points() if all(p.get(k) == v for k, v in selector.items())]
        if len(hits) != 1:
            raise ValidationError("expected", f"{self.id}: selector {selector} matches {len(hits)} sweep points",
                                  "select exactly one point")
        return hits[0]


def _require(doc: dict[str, Any], key: str, path: Path, kind: type) -> Any:
    if key not in doc or not isinstance(doc[key], kind):
        raise ValidationError(key, f"missing or not a {kind.__name__} in {path}", f"add `{key} = ...` to the file")
    return doc[key]


def load_problem(path: str | os.PathLike[str]) -> Problem:
    """Parse one TOML problem file (a :class:`ValidationError` naming the key on a malformed file)."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError("problem", f"cannot read {path}: {exc}", "fix the TOML syntax") from exc
    sweep = doc.get("sweep", {})
    for k, v in sweep.items():
        if not isinstance(v, list) or not v:
            raise ValidationError(f"sweep.{k}", f"must be a non-empty list in {path}")
    table = doc.get("table", {})
    cols = list(table.get("columns", [*sweep, "value", "bounds", "verified"]))
    row_quantum = table.get("row_quantum", [])
    if not isinstance(row_quantum, list) or any(not isinstance(c, str) or not c.startswith("data.") or c not in cols
                                                for c in row_quantum):
        raise ValidationError("table.row_quantum", f"must list data.* columns of the table in {path}",
                              f"choose among {[c for c in cols if c.startswith('data.')]}")
    known = {"id", "question", "title", "reference", "params", "sweep", "table", "figure", "expected"}
    return Problem(id=_require(doc, "id", path, str), question=_require(doc, "question", path, str),
                   title=_require(doc, "title", path, str), reference=dict(doc.get("reference", {})),
                   params=dict(doc.get("params", {})), sweep=dict(sweep), columns=cols,
                   figure=dict(doc.get("figure", {})), expected=list(doc.get("expected", [])), path=path,
                   extra={k: v for k, v in doc.items() if k not in known}, row_quantum=tuple(row_quantum))


def load_problems(root: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every ``*.toml`` under ``root`` (default :func:`problems_root`), sorted by id; ids must be unique."""
    base = Path(root) if root is not None else problems_root()
    probs = [load_problem(p) for p in sorted(base.glob("**/*.toml"))]
    seen: dict[str, Path] = {}
    for p in probs:
        if p.id in seen:
            raise ValidationError("id", f"duplicate problem id {p.id!r} in {p.path} and {seen[p.id]}")
        seen[p.id] = p.path
    return sorted(probs, key=lambda p: p.id)


def resolve_problem(ref: str, root: str | os.PathLike[str] | None = None) -> Problem:
    """A problem by id (searched under ``root``, default :func:`problems_root`) or by the path of its TOML file.

    Examples
    --------
    >>> resolve_problem(str(find_problem("eplt-qubit-ppt").path)).id
    'eplt-qubit-ppt'
    """
    if ref.endswith(".toml") or os.sep in ref or "/" in ref:
        if not Path(ref).is_file():
            raise ValidationError("problem", f"no such problem file {ref!r}", "pass a path to a .toml file or an id")
        return load_problem(ref)
    return find_problem(ref, load_problems(root))


def find_problem(problem_id: str, problems: list[Problem] | None = None) -> Problem:
    """The problem with this id (a :class:`ValidationError` naming ``problem`` otherwise)."""
    probs = problems if problems is not None else load_problems()
    for p in probs:
        if p.id == problem_id:
            return p
    import difflib

    close = difflib.get_close_matches(problem_id, [p.id for p in probs], n=1)
    raise ValidationError("problem", f"unknown problem {problem_id!r}",
                          f"did you mean {close[0]!r}?" if close else "run `sdpthermo list`")
