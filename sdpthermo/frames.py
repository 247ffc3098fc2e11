"""A problem's table as a pandas DataFrame.

Columns are the problem's declared ``[table]`` columns with ``bounds`` split into numeric ``lower`` and
``upper`` columns, booleans as ``bool``, missing entries as ``NaN``/``None``; ``df.attrs["units"]`` and
``df.attrs["meanings"]`` carry each column's unit and meaning from the question's declared outputs, and
``df.attrs["problem"]``/``df.attrs["question"]`` the provenance. Every row comes from a store entry that
re-verified (:func:`sdpthermo.tables.collect`).

Examples
--------
>>> import sdpthermo
>>> from sdpthermo.registry.problems import find_problem, load_problems
>>> from sdpthermo.sweeps import run_problem
>>> _ = run_problem(find_problem("eplt-qubit-ppt", load_problems()), store="project", workers=1, progress=False)
>>> df = sdpthermo.table("eplt-qubit-ppt")
>>> {"T", "value", "lower", "upper"} <= set(df.columns), df["lower"].dtype.kind
(True, 'f')
>>> bool((df["lower"] <= df["upper"]).all())
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sdpthermo.registry.core import get_question
from sdpthermo.registry.problems import find_problem, load_problems
from sdpthermo.store import Store, open_store
from sdpthermo.tables import cell, collect, data_columns

if TYPE_CHECKING:
    import pandas as pd


def table(problem_id: str, *, store: Store | str | None = "project", problems: str | None = None) -> pd.DataFrame:
    """The table of problem ``problem_id`` as a DataFrame, read from (and re-verified against) ``store``.

    Parameters
    ----------
    problem_id : str
        A problem of the catalogue (``sdpthermo list``).
    store : Store, str, optional
        Where the problem's results are (``"project"``: where ``sdpthermo run`` writes them, see
        :mod:`sdpthermo.store.location`); run ``sdpthermo run ID`` first.
    problems : str, optional
        A catalogue directory other than the default (``$SDPTHERMO_PROBLEMS`` or ``problems/``).
    """
    import pandas as pd

    prob = find_problem(problem_id, load_problems(problems))
    st = open_store(store)
    if st is None:
        from sdpthermo.errors import ValidationError

        raise ValidationError("store", "a table is read from a store", "pass a store directory")
    pairs = collect(prob, st)
    cols = data_columns(prob.columns)
    records = [{c: cell(r, pt, c) for c in cols} for pt, r in pairs]
    df = pd.DataFrame.from_records(records, columns=cols)
    for c in cols:
        values = [rec[c] for rec in records]
        if values and all(isinstance(v, bool) for v in values):
            df[c] = df[c].astype(bool)
        elif c in ("value", "lower", "upper") or (values and all(isinstance(v, (int, float)) or v is None
                                                                 for v in values)
                                                 and any(isinstance(v, float) for v in values)):
            df[c] = pd.to_numeric(df[c], errors="coerce")
    outputs = get_question(prob.question).outputs
    meanings: dict[str, Any] = {}
    units: dict[str, str] = {}
    for c in cols:
        if c in ("value", "lower", "upper"):
            units[c] = outputs.unit
            meanings[c] = outputs.value if c == "value" else f"certified {c} bound" + (
                f" on {outputs.bracket}" if outputs.bracket else f" on: {outputs.value}")
        elif c.startswith("data."):
            meanings[c] = outputs.data.get(c[5:], "")
    df.attrs.update({"problem": prob.id, "question": prob.question, "units": units, "meanings": meanings})
    return df
