"""Writes ``guide/questions.md`` from the registry at build time: every question, its parameters, its declared
backends and its declared outputs (so the reference can never drift from the code)."""

from __future__ import annotations

from pathlib import Path


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_questions_page(path: Path) -> None:
    import sdpthermo

    lines = ["# Question reference", "",
             "Generated from the registry (`sdpthermo.describe`). Every temperature parameter also accepts its "
             "inverse (`T` or `beta`, `T_A` or `beta_A`, `T0` or `beta0`).", ""]
    for name in sdpthermo.questions():
        d = sdpthermo.describe(name)
        o = d.outputs
        lines += [f"## `{name}`", "", f"{_cell(d.title)}. *Reference:* {_cell(d.reference)}.", "",
                  f"**value**: {_cell(o.value)} — unit: {o.unit_label}; role: `{o.role.value}`."]
        if o.bracket:
            lines.append(f"**[lower, upper]**: {_cell(o.bracket)}.")
        lines.append(f"**backends**: {_cell(d.backends.describe())}.")
        lines += ["", "| parameter | kind | default | doc |", "|---|---|---|---|"]
        for p in d.params:
            default = "required" if p["required"] else f"`{p['default']!r}`"
            lines.append(f"| `{p['name']}` | {p['kind']} | {_cell(default)} | {_cell(p['doc'])} |")
        if o.data:
            lines += ["", "| data key | meaning |", "|---|---|"]
            lines += [f"| `{k}` | {_cell(v)} |" for k, v in sorted(o.data.items())]
        lines.append("")
    text = "\n".join(lines)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
