"""Issue 19: the package and the light CLI paths import no solver (cvxpy) and no scipy.stats.

Each check runs in a fresh interpreter (``sys.modules`` of this one is already populated).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("cvxpy", "scipy.stats", "matplotlib", "dask", "tqdm")


def _imported_after(code: str, env_store: str) -> dict[str, bool]:
    probe = (f"import sys\n{code}\nimport json\n"
             f"print(json.dumps({{m: m in sys.modules for m in {list(HEAVY)!r}}}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={"SDPTHERMO_STORE": env_store, "PATH": "", "OMP_NUM_THREADS": "1",
                              "SDPTHERMO_ENTRY_POINTS": "0"})  # an installed plugin may import what it likes
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_sdpthermo_imports_no_heavy_module(tmp_path):
    assert not any(_imported_after("import sdpthermo", str(tmp_path)).values())


def test_version_and_list_import_no_solver(tmp_path):
    version = _imported_after("from sdpthermo.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n"
                              "    pass", str(tmp_path))
    assert not any(version.values())
    listed = _imported_after("import contextlib, io\nfrom sdpthermo.cli import main\n"
                             "with contextlib.redirect_stdout(io.StringIO()):\n    main(['list'])", str(tmp_path))
    assert not listed["cvxpy"] and not listed["scipy.stats"] and not listed["matplotlib"]


def test_cached_solve_imports_no_solver(tmp_path):
    """The second call reads the stored entry and re-verifies it with numpy: no solver, no family's scipy."""
    code = ("import contextlib, io\nfrom sdpthermo.cli import main\n"
            "args = ['solve', 'eplt.ppt', '--set', 'energies=[0,1]', '--set', 'T=1']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    assert main(args) == 0")
    _imported_after(code, str(tmp_path))                          # solves and stores the result
    cached = _imported_after(code, str(tmp_path))
    assert not any(cached.values()), cached


def test_question_summaries_equal_the_registry():
    """``sdpthermo list`` reads titles from the sources; they must be the registered ones."""
    from sdpthermo.registry import list_questions, question_summaries

    assert question_summaries() == [(q.name, q.title, q.reference) for q in list_questions()]


def test_list_imports_no_scipy(tmp_path):
    listed = _imported_after("import contextlib, io, sys\nfrom sdpthermo.cli import main\n"
                             "with contextlib.redirect_stdout(io.StringIO()):\n    main(['list'])\n"
                             "assert 'scipy' not in sys.modules, sorted(m for m in sys.modules if 'sdpthermo.' in m)",
                             str(tmp_path))
    assert not any(listed.values())


def test_a_composite_certificate_loads_the_verifiers_of_its_parts(tmp_path):
    """``bath-bounds`` re-verifies ``dmax`` sub-certificates: the lazy loader must find those kinds too."""
    code = ("import contextlib, io\nfrom sdpthermo.cli import main\n"
            "args = ['solve', 'bath.bounds', '--set', 'eps=0.1', '--set', 'energies=[0,1]', '--set', 'T=1',"
            " '--set', 'p=[0.9,0.1]']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    assert main(args) == 0")
    _imported_after(code, str(tmp_path))                          # solves and stores the result
    cached = _imported_after(code, str(tmp_path))                 # a fresh process re-verifies the stored entry
    assert not cached["cvxpy"]


def test_table_reads_the_catalogue_without_scipy():
    """``sdpthermo table eplt-bath`` reads and re-verifies stored entries: numpy only, no scipy at all."""
    catalogue = Path(__file__).resolve().parents[1] / "results" / "certificates"
    code = ("import contextlib, io, sys\nfrom sdpthermo.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n    assert main(['table', 'eplt-bath']) == 0\n"
            "assert out.getvalue().count('|') > 20, out.getvalue()\n"
            "assert not any(m == 'scipy' or m.startswith('scipy.') for m in sys.modules), "
            "sorted(m for m in sys.modules if m.startswith('scipy'))")
    assert not any(_imported_after(code, str(catalogue)).values())


def test_the_example_plugin_registers_without_a_solver(tmp_path):
    # the plugin CONTRIBUTING.md points to imports cvxpy inside its solve functions, so an installed copy keeps
    # `sdpthermo list` light
    plugin = Path(__file__).resolve().parents[1] / "examples" / "plugin"
    loaded = _imported_after(f"sys.path.insert(0, {str(plugin)!r})\nimport thermo_plugin.diamond, "
                             "thermo_plugin.min_entropy\nimport sdpthermo\n"
                             "assert 'example.hmin' in sdpthermo.questions()", str(tmp_path))
    assert not loaded["cvxpy"]
