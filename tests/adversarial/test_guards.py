"""Resource and input guards of issue 14 ("What was found" item 7): refuse early, one line, exit 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import sdpthermo
from sdpthermo.cli import main
from sdpthermo.errors import ValidationError
from sdpthermo.registry.guards import gme_bytes, memory_limit, parse_bytes


def _cli(tmp_path, capsys, *args):
    rc = main(["--store", str(tmp_path / "store"), *args])
    out = capsys.readouterr()
    return rc, out.err.strip()


def test_eplt_ppt_with_100_energies_is_refused_before_allocating(tmp_path, capsys):
    """142 PiB: the Choi matrix of E^eps on AB has side d^4 = 10^8 (16 bytes an entry)."""
    t0 = time.perf_counter()
    rc, err = _cli(tmp_path, capsys, "solve", "eplt.ppt", "--set", f"energies={list(range(100))}", "--set", "T=1")
    assert rc == 2 and len(err.splitlines()) == 1 and time.perf_counter() - t0 < 10
    assert "'energies'" in err and "142 PiB" in err and "limit" in err


def test_ppt_sdp_at_d_2000_is_refused(store):
    """The negativity SDP of a 2000 x 2000 state (Clarabel's dense scaling blocks): hundreds of TiB."""
    with pytest.raises(ValidationError, match="'state'.*TiB.*limit"):
        sdpthermo.solve("ppt", state=np.eye(2000) / 2000, dims=[40, 50], method="sdp", store=store)


def test_gme_with_8_qubits_is_refused_at_an_8_gib_limit(store, monkeypatch):
    monkeypatch.setenv("SDPTHERMO_MAX_MEMORY", "8G")
    assert gme_bytes(256, 8) > 8 * 2**30
    with pytest.raises(ValidationError, match="gme.ppt_mixture instance needs about .* GiB"):
        sdpthermo.solve("gme.ppt_mixture", state=np.eye(256) / 256, n=8, store=store)


def test_dps_6x6_level_3_is_refused_under_a_lower_limit(tmp_path, capsys, monkeypatch):
    """DPS [6,6] k = 3: the extension block has side 6 * C(8, 3) = 336 (SCS); the limit comes from the env."""
    monkeypatch.setenv("SDPTHERMO_MAX_MEMORY", "64M")
    np.save(tmp_path / "s.npy", np.eye(36) / 36)
    rc, err = _cli(tmp_path, capsys, "solve", "separability.dps", "--set", f"state=@{tmp_path / 's.npy'}",
                   "--set", "dims=[6,6]", "--set", "k=3")
    assert rc == 2 and "'k'" in err and "64 MiB" in err and len(err.splitlines()) == 1


def test_memory_limit_default_and_override(monkeypatch):
    monkeypatch.delenv("SDPTHERMO_MAX_MEMORY", raising=False)
    assert memory_limit() == pytest.approx(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2)
    monkeypatch.setenv("SDPTHERMO_MAX_MEMORY", "1.5G")
    assert memory_limit() == 1.5 * 2**30 == parse_bytes("1536M")
    monkeypatch.setenv("SDPTHERMO_MAX_MEMORY", "lots")
    with pytest.raises(ValidationError, match="SDPTHERMO_MAX_MEMORY"):
        memory_limit()


def _header_only(shape) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<f8", "fortran_order": False, "shape": shape})
    return buf.getvalue()


@pytest.mark.parametrize("kind, message", [
    ("empty", "is empty"),
    ("text", "not a .npy file"),
    ("fifo", "not a regular file"),
    ("huge", "declares a (1000000, 1000000) array of 7.28 TiB"),
    ("short", "truncated"),
    ("object", "Python objects"),
    ("missing", "cannot be opened"),
])
def test_array_file_inputs_fail_fast_with_one_line(tmp_path, capsys, kind, message):
    f = tmp_path / f"{kind}.npy"
    if kind == "empty":
        f.write_bytes(b"")
    elif kind == "text":
        f.write_text("0.5 0 0 0.5\n")
    elif kind == "fifo":
        os.mkfifo(f)
    elif kind == "huge":
        f.write_bytes(_header_only((10**6, 10**6)))
    elif kind == "short":
        f.write_bytes(_header_only((4, 4)) + b"\0" * 8)
    elif kind == "object":
        np.save(f, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    t0 = time.perf_counter()
    rc, err = _cli(tmp_path, capsys, "solve", "ppt", "--set", f"state=@{f}", "--set", "dims=[2,2]")
    assert rc == 2 and message in err and len(err.splitlines()) == 1 and "'state'" in err
    assert "pickled data" not in err and time.perf_counter() - t0 < 10


def test_set_json_typo_says_not_valid_json(tmp_path, capsys):
    rc, err = _cli(tmp_path, capsys, "solve", "ppt", "--set", "dims=[2,2", "--set", "state=[[1,0],[0,0]]")
    assert rc == 2 and "'dims'" in err and "not valid JSON" in err and "dtype" not in err


def test_repeated_set_key_is_an_error(tmp_path, capsys):
    rc, err = _cli(tmp_path, capsys, "solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1", "--set", "T=2")
    assert rc == 2 and "'T'" in err and "twice" in err


def test_store_under_a_missing_parent_is_exit_2_and_creates_nothing(tmp_path, capsys):
    target = tmp_path / "no" / "such" / "store"
    rc = main(["--store", str(target), "solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1"])
    assert rc == 2 and "--store" in capsys.readouterr().err and not (tmp_path / "no").exists()


@pytest.mark.parametrize("kw, param", [
    ({"options": "picos"}, "options"),
    ({"store": 5}, "store"),
    ({"use_cache": "yes"}, "use_cache"),
])
def test_wrong_python_argument_types_raise_validation_error(kw, param):
    with pytest.raises(ValidationError, match=f"'{param}'"):
        sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, **({"store": None} | kw))


def test_pool_workers_exit_when_their_parent_dies(tmp_path):
    """A sweep worker's watchdog exits the worker once its parent is gone (it is re-parented)."""
    pidfile = tmp_path / "pid"
    code = textwrap.dedent(f"""
        import multiprocessing as mp, os, time
        from sdpthermo.sweeps import _init_worker
        def work(path):
            _init_worker(os.getppid())
            open(path, "w").write(str(os.getpid()))
            time.sleep(60)
        if __name__ == "__main__":
            p = mp.get_context("spawn").Process(target=work, args=({str(pidfile)!r},))
            p.start()
            while not os.path.exists({str(pidfile)!r}) or not open({str(pidfile)!r}).read():
                time.sleep(0.05)
            os._exit(0)
    """)
    script = tmp_path / "parent.py"
    script.write_text(code)
    root = str(Path(__file__).resolve().parents[2])
    subprocess.run([sys.executable, str(script)], timeout=120, check=True, cwd=root,
                   env={**os.environ, "PYTHONPATH": root})
    pid = int(pidfile.read_text())
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, 9)
    pytest.fail("the orphaned worker did not exit")


def test_dask_run_without_workers_says_so_after_a_timeout():
    from dask.distributed import LocalCluster

    from sdpthermo.sweeps import run_points

    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        t0 = time.perf_counter()
        with pytest.raises(ValidationError, match="'scheduler'.*no Dask worker joined"):
            run_points("eplt.ppt", [{"energies": [0, 1], "T": 1.0}], store=None, scheduler=cluster.scheduler_address,
                       worker_timeout=2, progress=False)
        assert time.perf_counter() - t0 < 30


def test_long_solve_shows_elapsed_time_on_a_terminal(capsys):
    """A solve still running after the threshold shows an elapsed-time line; a quick one shows nothing."""
    from sdpthermo.cli import elapsed_ticker

    with elapsed_ticker("solving demo", True, after=0.2):
        time.sleep(1.5)
    assert "solving demo" in capsys.readouterr().err
    with elapsed_ticker("solving quick", True, after=5.0):
        pass
    assert "solving quick" not in capsys.readouterr().err
