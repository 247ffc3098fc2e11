"""Resource guards: refuse, before allocating, an instance whose memory estimate exceeds the limit.

Each question declares a ``memory`` hook ``params -> (parameter, bytes)``: an order-of-magnitude
estimate of the peak memory of the instance from its (coerced) parameters, and the parameter that
drives it.  The helpers below are the building blocks of those hooks:

* :func:`dense_bytes` — a dense ``n x n`` matrix (complex: 16 bytes an entry);
* :func:`sdp_bytes` — an interior-point solve with PSD blocks of sides ``n_i``: the Nesterov–Todd
  scaling of a block of real side ``s`` is a dense ``t x t`` matrix, ``t = s (s + 1) / 2``, so
  ``8 * sum_i t_i^2`` bytes (a Hermitian block of side ``n`` has real side ``s = 2 n``).

The limit is ``$SDPTHERMO_MAX_MEMORY`` (bytes; suffixes K, M, G, T allowed) or half of the physical
memory; an instance above it raises :class:`~sdpthermo.errors.ValidationError` naming the parameter,
the estimate and the limit (the CLI prints it on one line and exits 2).

Examples
--------
>>> dense_bytes(2), sdp_bytes(2, hermitian=False)
(64.0, 72.0)
>>> parse_bytes("2G") == 2 * 2**30, human_bytes(3 * 2**40)
(True, '3 TiB')
"""

from __future__ import annotations

import math
import os
from typing import Any

from sdpthermo.errors import ValidationError

MEMORY_ENV = "SDPTHERMO_MAX_MEMORY"
_SUFFIX = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40, "P": 2**50}


def parse_bytes(text: str) -> float:
    """``"1.5G"`` -> bytes (binary suffixes K, M, G, T, P; an optional trailing ``B`` or ``iB``)."""
    t = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = t[-1:] if t[-1:] in _SUFFIX and t[-1:] else ""
    try:
        v = float(t[: len(t) - len(unit)]) * _SUFFIX[unit]
    except ValueError:
        v = math.nan
    if not (v > 0 and math.isfinite(v)):
        raise ValidationError(MEMORY_ENV, f"must be a positive size in bytes, got {text!r}", "e.g. 8G or 8589934592")
    return v


def human_bytes(n: float) -> str:
    """A byte count with a binary unit, 3 significant digits."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.3g} {unit}"
        n /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def memory_limit() -> float:
    """``$SDPTHERMO_MAX_MEMORY`` or half of the physical memory (bytes)."""
    raw = os.environ.get(MEMORY_ENV)
    if raw is not None:
        return parse_bytes(raw)
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2
    except (ValueError, OSError, AttributeError):  # pragma: no cover - no sysconf (Windows)
        return float(8 * 2**30)


def dense_bytes(n: float, *, complex_: bool = True) -> float:
    """Bytes of a dense ``n x n`` matrix."""
    return (16 if complex_ else 8) * float(n) ** 2


def sdp_bytes(*sides: float, hermitian: bool = True, copies: float = 1) -> float:
    """Interior-point memory of PSD blocks of the given sides, each repeated ``copies`` times (see above)."""
    total = 0.0
    for n in sides:
        s = 2 * float(n) if hermitian else float(n)
        total += (s * (s + 1) / 2) ** 2
    return 8 * copies * total


def check_memory(question: str, estimate: tuple[str, float], limit: float | None = None) -> None:
    """Raise :class:`ValidationError` when the estimate ``(parameter, bytes)`` exceeds the limit."""
    param, need = estimate
    cap = memory_limit() if limit is None else limit
    if need > cap:
        raise ValidationError(param, f"this {question} instance needs about {human_bytes(need)} of memory "
                              f"(estimate), over the limit of {human_bytes(cap)}",
                              f"use a smaller instance, or set {MEMORY_ENV} (bytes) to raise the limit")



# ------------------------------------------------------------------ estimates per question family

def _side(p: dict[str, Any], name: str) -> int:
    a = p.get(name)
    return int(getattr(a, "shape", (2,))[0]) if a is not None and not isinstance(a, str) else 2


def _d(p: dict[str, Any]) -> tuple[str, int]:
    names = [n for n in ("energies", "energies_A", "energies_B") if isinstance(p.get(n), list)]
    return (names[0] if names else "energies"), max([len(p[n]) for n in names], default=2)


def solver_bytes(*sides: float, hermitian: bool = True, copies: float = 1, scs: bool = False) -> float:
    """Clarabel (:func:`sdp_bytes`) or SCS memory (first order: ~64 vectors of each block's ``t`` plus
    dense eigendecomposition workspace ``3 s^2`` per block)."""
    if not scs:
        return sdp_bytes(*sides, hermitian=hermitian, copies=copies)
    total = 0.0
    for n in sides:
        s = 2 * float(n) if hermitian else float(n)
        total += 64 * s * (s + 1) / 2 + 3 * s * s
    return 8 * copies * total


def memory_state(p: dict[str, Any]) -> tuple[str, float]:
    """``ppt``, ``ppt.witness``: eigendecomposition (closed form) or two PSD blocks of the state's side."""
    n = _side(p, "state")
    if p.get("method") == "closed-form":
        return "state", 8 * dense_bytes(n)
    return "state", solver_bytes(n, n)


def memory_fef(p: dict[str, Any]) -> tuple[str, float]:
    """``fef``: PPT relaxation, two blocks of the state's side (SCS for complex d > 3)."""
    n = _side(p, "state")
    return "state", solver_bytes(n, n, scs=n > 9)


def dps_bytes(dims: list[int], k: int) -> float:
    """DPS level ``k``: the Bose-symmetric extension block ``d_A C(d_B + k - 1, k)`` and its partial transpose."""
    da, db = dims[0], dims[-1]
    side = da * math.comb(db + k - 1, k)
    return solver_bytes(side, side, scs=side > 20)


def memory_dps(p: dict[str, Any]) -> tuple[str, float]:
    """``separability.dps``."""
    return "k", dps_bytes(list(p["dims"]), p["k"])


def gme_bytes(n: int, parties: int) -> float:
    """PPT mixtures: two blocks of side ``n`` per bipartition, ``2^(m-1) - 1`` bipartitions (SCS above 8)."""
    return solver_bytes(n, n, copies=2 ** (parties - 1) - 1, scs=n > 8)


def memory_gme(p: dict[str, Any]) -> tuple[str, float]:
    """``gme.ppt_mixture``."""
    n = _side(p, "state")
    parties = len(p["dims"]) if p.get("dims") else (p.get("n") or max(1, round(math.log2(n))))
    return "state", gme_bytes(n, parties)


def memory_eplt(p: dict[str, Any]) -> tuple[str, float]:
    """EPLT channels: the Choi matrix on AB, side ``d^4``; DPS level ``k`` where asked (``eplt.separability``)."""
    name, d = _d(p)
    need = dense_bytes(d**4)
    if p.get("k") is not None:
        need = max(need, dps_bytes([d, d], p["k"]))
    return name, need


def memory_eplt_gme(p: dict[str, Any]) -> tuple[str, float]:
    """``eplt.gme``: an ``n``-party state of side ``d^n`` and its PPT-mixture SDP."""
    e = p.get("energies")
    d = len(e[0]) if e and isinstance(e[0], list) else len(e or [0, 1])
    return "n", max(dense_bytes(d ** p["n"]) * 4, gme_bytes(d ** p["n"], p["n"]))


def memory_dmax(p: dict[str, Any]) -> tuple[str, float]:
    """``dmax``, ``dmax.smooth``, ``bath.bounds``: dense generalized eigenproblems and low-rank SDP blocks."""
    n = max(_side(p, "rho"), _side(p, "sigma"), len(p.get("energies") or []))
    return "rho", 32 * dense_bytes(n)


def memory_bath(p: dict[str, Any]) -> tuple[str, float]:
    """``bath.esc``, ``bath.optimal_channel``: ``n`` copies of a ``d``-level system, dense on ``d^n``."""
    d, n = len(p["energies"]), p.get("n", p.get("n_max", 1))
    return ("n" if "n" in p else "n_max"), 8 * dense_bytes(float(d) ** n)


def memory_collision(p: dict[str, Any]) -> tuple[str, float]:
    """Collision models: the Liouvillian (or map) of ``N`` qubits acts on ``4^N``, a dense ``4^N x 4^N``."""
    return "N", 8 * dense_bytes(4.0 ** p["N"])


def memory_mbl(p: dict[str, Any]) -> tuple[str, float]:
    """MBL chains: exact diagonalization of ``L`` spins, dense ``2^L x 2^L`` (real)."""
    return "L", 8 * dense_bytes(2.0 ** p["L"], complex_=False)


def memory_sthermal(p: dict[str, Any]) -> tuple[str, float]:
    """s-thermal states: dense matrices on the ``len(energies)``-level system."""
    return "energies", 16 * dense_bytes(len(p["energies"]))


def memory_compatible(p: dict[str, Any]) -> tuple[str, float]:
    """``channel_marginal.compatible``: the joint Choi matrix, side ``prod(dims_in) prod(dims_out)``."""
    side = math.prod(p["dims_in"]) * math.prod(p.get("dims_out") or p["dims_in"])
    return "dims_in", solver_bytes(side, scs=side > 32)
