"""A plain timing harness: median wall time over repeats, printed as ratios measured in one run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_time(fn: Callable[[], Any], repeat: int = 7, min_time: float = 0.05) -> float:
    """Median seconds per call; each sample loops until it lasts at least ``min_time``."""
    fn()  # warm-up (imports, caches)
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
    return statistics.median(samples)


def row(*cells: Any, widths: tuple[int, ...] = (34, 14, 14, 12)) -> str:
    out = []
    for c, w in zip(cells, widths):
        s = f"{c:.3g}" if isinstance(c, float) else str(c)
        out.append(s.ljust(w))
    return "".join(out)
