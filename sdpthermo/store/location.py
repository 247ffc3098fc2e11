"""Where results live: the project's committed ``results/`` for the catalogue, a per-user cache for
ad-hoc solves.  Nothing follows the working directory blindly.

* **The project** is the nearest directory, from the working directory upwards, that holds a
  ``problems/`` catalogue (else the source checkout beside the installed package, if it has one).
  ``sdpthermo run``, ``make results`` and ``sdpthermo verify`` use its ``results/certificates`` and write
  tables and figures to its ``results/``.
* **Ad-hoc solves** (``sdpthermo.solve``, ``sdpthermo solve``) write to the per-user cache
  (``platformdirs.user_cache_path("sdpthermo") / "certificates"``) and also *read* the project's store, so
  the README tour and a researcher's experiments reuse committed certificates but never add files to
  ``results/``.
* ``$SDPTHERMO_STORE`` or ``--store DIR`` override both (one directory for everything).

``sdpthermo store`` prints the paths in use.

Examples
--------
>>> import os, tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp()); (d / "problems").mkdir(); (d / "sub").mkdir()
>>> project_root(d / "sub") == d
True
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_STORE = "SDPTHERMO_STORE"
PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]


def project_root(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ancestor of ``start`` (default: the working directory) holding ``problems/``; else the
    source checkout beside the package when it has one; else ``None``."""
    here = Path(start) if start is not None else Path.cwd()
    for d in (here.resolve(), *here.resolve().parents):
        if (d / "problems").is_dir():
            return d
    return PACKAGE_CHECKOUT if (PACKAGE_CHECKOUT / "problems").is_dir() else None


def user_store_path() -> Path:
    """The per-user certificate cache for ad-hoc solves."""
    import platformdirs

    return platformdirs.user_cache_path("sdpthermo") / "certificates"


def env_store_path() -> Path | None:
    """``$SDPTHERMO_STORE`` when set (and not empty)."""
    value = os.environ.get(ENV_STORE)
    return Path(value) if value else None


def project_results_dir() -> Path:
    """Where the catalogue's tables, figures and certificates go: the project's ``results/`` (the per-user
    data directory outside any project)."""
    root = project_root()
    if root is not None:
        return root / "results"
    import platformdirs

    return platformdirs.user_data_path("sdpthermo") / "results"


def project_store_path() -> Path:
    """``$SDPTHERMO_STORE``, else the project's ``results/certificates``: what ``run`` and ``verify`` use."""
    return env_store_path() or project_results_dir() / "certificates"


def describe_locations() -> list[tuple[str, str]]:
    """``(role, path)`` pairs for ``sdpthermo store``."""
    env = env_store_path()
    root = project_root()
    rows = [("project", str(root) if root else "(none: no problems/ above the working directory)")]
    if env is not None:
        rows.append(("store ($SDPTHERMO_STORE, used for everything)", str(env)))
    else:
        rows += [("ad-hoc solves write to", str(user_store_path())),
                 ("ad-hoc solves also read", str(project_store_path())),
                 ("run / verify use", str(project_store_path()))]
    rows.append(("run writes tables and figures to", str(project_results_dir())))
    return rows
