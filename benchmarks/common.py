"""A plain timing harness: median wall time over repeats, and the records of the one benchmark report.

Every benchmark module exposes ``main(full=False) -> list[Record]``; :mod:`benchmarks.run` collects the
records of one run into ``benchmarks/results/latest.md``.  Absolute times depend on the machine and its
load; the ratios (peer / ours, ours / floor) are measured side by side in one run and are what count.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _per_call_samples(fn: Callable[[], Any], repeat: int, min_time: float) -> list[float]:
    """``repeat`` samples of seconds per call after one warm-up call (imports, caches); each sample loops until it
    lasts at least ``min_time``."""
    fn()
    samples = []
    for _ in range(repeat):
        n, t0 = 0, time.perf_counter()
        while True:
            fn()
            n += 1
            el = time.perf_counter() - t0
            if el >= min_time:
                break
        samples.append(el / n)
    return samples


def median_time(fn: Callable[[], Any], repeat: int = 7, min_time: float = 0.05) -> float:
    """Median seconds per call over ``repeat`` samples."""
    return statistics.median(_per_call_samples(fn, repeat, min_time))


def best_time(fn: Callable[[], Any], repeat: int = 7, min_time: float = 0.05) -> float:
    """Best (smallest) seconds per call over ``repeat`` samples: on a shared machine the other load only ever
    adds time, so the best sample is the least disturbed one."""
    return min(_per_call_samples(fn, repeat, min_time))


def once(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of one call (for calls too long to repeat) and its result."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def row(*cells: Any, widths: tuple[int, ...] = (34, 14, 14, 12)) -> str:
    out = []
    for c, w in zip(cells, widths):
        s = f"{c:.3g}" if isinstance(c, float) else str(c)
        out.append(s.ljust(w))
    return "".join(out)


@dataclass(frozen=True)
class Record:
    """One line of the report: our time, a peer's (or the naive formulation's), a floor, and the agreement.

    ``peer`` and ``floor`` are ``None`` where there is none; ``agreement`` states how the two answers
    compare (e.g. ``"max|diff| 3e-15"``, ``"same verdict"``); ``note`` carries the repeat count of calls
    timed once and anything else a reader needs.
    """

    section: str
    task: str
    ours: float
    peer_name: str = ""
    peer: float | None = None
    floor_name: str = ""
    floor: float | None = None
    agreement: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """``peer / ours`` (> 1: we are faster)."""
        return None if self.peer is None else self.peer / self.ours

    @property
    def floor_ratio(self) -> float | None:
        """``ours / floor`` (1 = at the floor)."""
        return None if self.floor is None else self.ours / self.floor
