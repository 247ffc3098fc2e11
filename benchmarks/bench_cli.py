"""CLI latency (issue 19): CPU time of ``sdpthermo --version``, ``list``, a cached ``solve`` and ``table``.

On an idle machine the wall time of these single-threaded commands is their CPU time (user + sys), which
is what is measured: on the shared machine the wall time is dominated by waiting for a core.  Each
command runs in a fresh interpreter (``python -m sdpthermo ...``, BLAS on one thread); the floor is
a fresh interpreter that imports numpy and reads the cached entry's JSON and npz (what a cached solve
must do at least).  The cached solve is ``eplt.ppt`` at ``energies = [0, 1]``, ``T = 1`` in a scratch
store; ``table`` renders ``eplt-bath`` from the project store.  Median of 5 runs each, after one warm-up
run: the package's bytecode is cached (in a scratch ``PYTHONPYCACHEPREFIX``, as ``pip install`` does for an
installed package and for numpy here) even where the environment sets ``PYTHONDONTWRITEBYTECODE``, which would
otherwise compile every imported module of the package on each start.

Run: ``python benchmarks/run.py cli``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import Record, row

SOLVE = ["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1"]
FLOOR = "import json, sys, numpy as np; json.loads(open(sys.argv[1]).read()); dict(np.load(sys.argv[2]))"


def _cpu(args: list[str], env: dict[str, str], repeat: int = 5) -> float:
    """Median CPU seconds (user + sys) of a fresh interpreter running ``args`` (after one warm-up run)."""
    subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    out = []
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(out)


def main(full: bool = False) -> list[Record]:
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as store, tempfile.TemporaryDirectory() as pycache:
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "SDPTHERMO_STORE": store,
               "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(root),
               "PYTHONPYCACHEPREFIX": pycache}
        subprocess.run([sys.executable, "-m", "sdpthermo", *SOLVE], env=env, check=True, stdout=subprocess.DEVNULL)
        entry = next(Path(store).rglob("*.json"))
        npz = next(entry.parent.glob(entry.stem + "-*.npz"))
        floor = _cpu(["-c", FLOOR, str(entry), str(npz)], env)
        project = {**env, "SDPTHERMO_STORE": str(root / "results" / "certificates")}
        cases = [("sdpthermo --version", ["--version"], env), ("sdpthermo list", ["list"], env),
                 ("sdpthermo solve (cached)", SOLVE, env), ("sdpthermo table eplt-bath", ["table", "eplt-bath"],
                                                            project)]
        print("CLI CPU time (user+sys), fresh interpreter each, median of 5; floor: numpy + one JSON and one npz")
        print(row("command", "ours [s]", "floor [s]", "ours/floor"))
        out = []
        for name, args, e in cases:
            t = _cpu(["-m", "sdpthermo", *args], e)
            print(row(name, t, floor, t / floor))
            out.append(Record("cli", name, t, floor_name="python + numpy, read JSON + npz", floor=floor,
                              note="CPU s (user+sys) of a fresh interpreter, bytecode cached, median of 5; "
                                   "goal <= 0.4 s"))
    return out


if __name__ == "__main__":
    main()
