"""Questions and verifiers from outside the package: the ``sdpthermo.questions`` entry points and ``SDPTHERMO_PLUGINS``.

A plugin is an importable module that registers questions with :func:`sdpthermo.question` and,
where it brings its own certificate kind, a verifier with :func:`sdpthermo.verifier`, on import.
It is found through

* the entry-point group ``sdpthermo.questions`` of an installed distribution
  (``[project.entry-points."sdpthermo.questions"] name = "package.module"``), or
* ``SDPTHERMO_PLUGINS``, a comma-separated list of module names importable from ``sys.path``.

:func:`load_plugins` runs with every registry look-up (:func:`sdpthermo.registry.load_all`) and
before ``sdpthermo verify``, so a plugin's questions reach ``solve``, ``run``, ``table`` and its
verifier reaches the store; worker processes of a sweep find the same plugins the same way.
An entry point that fails to import is reported as a warning (a broken installed package must not
break the command line); a module named in ``SDPTHERMO_PLUGINS`` that fails raises
:class:`~sdpthermo.errors.ValidationError` naming the variable.

Examples
--------
>>> import os
>>> os.environ["SDPTHERMO_PLUGINS"] = "json"     # any importable module; a real one registers questions
>>> "json" in load_plugins()
True
>>> del os.environ["SDPTHERMO_PLUGINS"]
"""

from __future__ import annotations

import importlib
import os
import warnings
from importlib.metadata import entry_points

from sdpthermo.errors import ValidationError

GROUP = "sdpthermo.questions"
ENV = "SDPTHERMO_PLUGINS"
ENV_ENTRY_POINTS = "SDPTHERMO_ENTRY_POINTS"
_entry_points_done = False


def plugin_modules() -> list[str]:
    """Module names listed in ``SDPTHERMO_PLUGINS`` (empty entries ignored)."""
    return [m.strip() for m in os.environ.get(ENV, "").split(",") if m.strip()]


def load_plugins() -> list[str]:
    """Import every plugin (entry points once per process, ``SDPTHERMO_PLUGINS`` on each call); their names.

    ``SDPTHERMO_ENTRY_POINTS=0`` skips the installed entry points (only ``SDPTHERMO_PLUGINS`` is read).
    """
    global _entry_points_done
    names: list[str] = []
    if not _entry_points_done:
        _entry_points_done = True
        installed = entry_points(group=GROUP) if os.environ.get(ENV_ENTRY_POINTS, "1") != "0" else []
        for ep in installed:
            try:
                ep.load()
                names.append(ep.value)
            except Exception as exc:  # noqa: BLE001 - any failure of third-party code is reported, not fatal
                warnings.warn(f"sdpthermo plugin {ep.name!r} ({ep.value}) failed to load: "
                              f"{exc.__class__.__name__}: {exc}", stacklevel=2)
    for mod in plugin_modules():
        try:
            importlib.import_module(mod)
        except ImportError as exc:
            raise ValidationError(ENV, f"cannot import plugin module {mod!r} ({exc})",
                                  "list importable module names, comma-separated (check sys.path / PYTHONPATH)"
                                  ) from None
        names.append(mod)
    return names
