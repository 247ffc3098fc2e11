"""Discovering questions from Python: :func:`questions` and :func:`describe`.

Examples
--------
>>> import sdpthermo
>>> "eplt.ppt" in sdpthermo.questions()
True
>>> d = sdpthermo.describe("dmax")
>>> d.outputs.unit, [p["name"] for p in d.params]
('bits', ['rho', 'sigma'])
>>> print(str(d).splitlines()[0])
dmax — Max-relative entropy D_max(rho||sigma) in bits
>>> sdpthermo.describe("ppt").backends.describe()
'closed-form: none; sdp: cvxpy, picos'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sdpthermo.registry.backends import Backends
from sdpthermo.registry.core import get_question, list_questions
from sdpthermo.registry.outputs import Outputs
from sdpthermo.registry.params import TEMPERATURE_PAIRS


def questions() -> list[str]:
    """Names of every registered question (built-in and plugins), sorted."""
    return [q.name for q in list_questions()]


@dataclass(frozen=True)
class Description:
    """What a question asks, takes and returns; ``str()`` gives the text ``sdpthermo list -v`` prints."""

    name: str
    title: str
    reference: str
    version: str
    params: tuple[dict[str, Any], ...]
    outputs: Outputs
    backends: Backends

    def __str__(self) -> str:
        lines = [f"{self.name} — {self.title}", f"reference: {self.reference}", "parameters:"]
        for p in self.params:
            default = "required" if p["required"] else f"default {p['default']!r}"
            rng = ""
            if p["low"] is not None or p["high"] is not None:
                lo = "-inf" if p["low"] is None else p["low"]
                hi = "inf" if p["high"] is None else p["high"]
                rng = f", range {'(' if p['low_open'] else '['}{lo}, {hi}]"
            choices = f", one of {list(p['choices'])}" if p["choices"] else ""
            alias = f" (or {p['alias']})" if p.get("alias") else ""
            lines.append(f"  {p['name']}{alias}: {p['kind']}, {default}{rng}{choices} — {p['doc']}")
        lines.append(f"backends: {self.backends.describe()}")
        lines.append("outputs:")
        lines += [f"  {line}" for line in self.outputs.lines()]
        return "\n".join(lines)

    __repr__ = __str__


def describe(name: str) -> Description:
    """Parameters (types, defaults, ranges), declared backends, declared outputs (meanings, units) and references
    of ``name``."""
    q = get_question(name)
    declared = {p.name for p in q.params}
    aliases = {a: b for t, b in TEMPERATURE_PAIRS for a, b in ((t, b), (b, t))}
    params = tuple({"name": p.name, "kind": p.kind, "doc": p.doc, "required": p.required,
                    "default": None if p.required else p.default, "choices": p.choices, "low": p.low,
                    "high": p.high, "low_open": p.low_open,
                    "alias": aliases[p.name] if p.name in aliases and aliases[p.name] not in declared else None}
                   for p in q.params)
    return Description(name=q.name, title=q.title, reference=q.reference, version=q.version, params=params,
                       outputs=q.outputs, backends=q.backends)
