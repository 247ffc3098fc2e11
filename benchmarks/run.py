"""Run every benchmark module (``make bench``); each prints its own ratio table."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

MODULES = sorted(p.stem for p in ROOT.glob("bench_*.py"))

if __name__ == "__main__":
    only = sys.argv[1:]
    for name in MODULES:
        if only and name not in only:
            continue
        print(f"===== {name}")
        mod = importlib.import_module(f"benchmarks.{name}")
        mod.main()
        print()
