"""Layer 8: the certificate cache (DESIGN.md §5) and where it lives (:mod:`sdpthermo.store.location`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sdpthermo.conventions import TOL_VERIFY
from sdpthermo.errors import ValidationError
from sdpthermo.results import Result
from sdpthermo.store.directory import Store
from sdpthermo.store.location import env_store_path, project_store_path, user_store_path


class LayeredStore(Store):
    """A store that writes to its own directory and also serves verified entries of read-only stores
    (ad-hoc solves: the per-user cache over the project's committed certificates).

    Every entry of every layer goes through the same binding and re-verification (:meth:`Store.get`).
    """

    def __init__(self, root: str | os.PathLike[str], read_also: list[Store]) -> None:
        super().__init__(root)
        self.read_also = [s for s in read_also if Path(s.root).resolve() != Path(root).resolve()]

    def get(self, question: str, iid: str, *, tol: float = TOL_VERIFY) -> Result | None:
        """This store's entry, else the first of ``read_also`` that has one (each re-verified)."""
        hit = super().get(question, iid, tol=tol)
        for other in self.read_also:
            if hit is None and other.entry_path(question, iid).exists():
                hit = other.get(question, iid, tol=tol)
        return hit


def default_store_path() -> Path:
    """The store ``run`` and ``verify`` use: ``$SDPTHERMO_STORE``, else the project's ``results/certificates``."""
    return project_store_path()


def open_store(store: Any) -> Store | None:
    """``"default"`` -> ``$SDPTHERMO_STORE``, else the per-user cache reading the project's store as well;
    ``"project"`` -> :func:`default_store_path`; a path -> that directory; a Store -> itself; None -> None."""
    if store is None:
        return None
    if isinstance(store, Store):
        return store
    if isinstance(store, str) and store == "default":
        env = env_store_path()
        if env is not None:
            return Store(env)
        return LayeredStore(user_store_path(), [Store(project_store_path())])
    if isinstance(store, str) and store == "project":
        return Store(default_store_path())
    if not isinstance(store, (str, os.PathLike)):
        raise ValidationError("store", f"must be a directory path, a Store, 'default' or None, got {store!r}")
    return Store(store)


__all__ = ["LayeredStore", "Store", "default_store_path", "open_store"]
