r"""The project's matplotlib style and byte-stable saving.

Colours are the Okabe-Ito palette (distinguishable under the common colour-vision deficiencies),
paired with line styles and markers so curves stay apart in greyscale and past eight curves.  Sizes
suit a two-column paper: a figure is 3.4 in (one column) or 7.0 in (page) wide, fonts 8-9 pt.

Files carry no time stamps or run-dependent metadata: PNGs without the ``Software`` chunk, PDFs
without ``CreationDate``/``Creator``/``Producer``, so the same data give the same bytes.

Examples
--------
>>> PALETTE[0], len(PALETTE), LINESTYLES[1]
('#0072B2', 8, '--')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)))
MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*")
REFERENCE_COLOR = "0.55"
DPI = 200

RC: dict[str, Any] = {
    "font.size": 8.5, "axes.labelsize": 9, "axes.titlesize": 9, "legend.fontsize": 7, "xtick.labelsize": 8,
    "ytick.labelsize": 8, "lines.linewidth": 1.3, "lines.markersize": 3.5, "axes.linewidth": 0.7,
    "xtick.direction": "in", "ytick.direction": "in", "xtick.top": True, "ytick.right": True,
    "xtick.minor.visible": True, "ytick.minor.visible": True, "legend.frameon": False,
    "legend.handlelength": 2.2, "mathtext.fontset": "cm", "font.family": "serif", "font.serif": ["DejaVu Serif"],
    "axes.prop_cycle": None, "savefig.bbox": "tight", "savefig.pad_inches": 0.02, "pdf.fonttype": 42,
    "svg.hashsalt": "sdpthermo", "path.simplify": False, "figure.constrained_layout.use": True,
}

PNG_METADATA = {"Software": None}
PDF_METADATA = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}


def rc() -> dict[str, Any]:
    """The rcParams of the project style (with the palette as the colour cycle)."""
    from cycler import cycler

    return {**RC, "axes.prop_cycle": cycler(color=list(PALETTE))}


def pick(seq: tuple[Any, ...], i: int) -> Any:
    """``seq[i]`` cycling."""
    return seq[i % len(seq)]


def save_stable(fig: Any, stem: Path) -> list[Path]:
    """Save ``fig`` as ``stem.png`` and ``stem.pdf`` without time stamps or tool versions."""
    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # font-subsetting chatter, not a problem
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, pdf = stem.with_suffix(".png"), stem.with_suffix(".pdf")
    fig.savefig(png, dpi=DPI, metadata=PNG_METADATA)
    fig.savefig(pdf, metadata=PDF_METADATA)
    return [png, pdf]
