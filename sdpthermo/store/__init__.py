"""Layer 8: the certificate cache (DESIGN.md §5)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sdpthermo.errors import ValidationError
from sdpthermo.store.directory import Store

DEFAULT_STORE = Path("results") / "certificates"


def default_store_path() -> Path:
    """``$SDPTHERMO_STORE`` or ``results/certificates`` (relative to the working directory)."""
    return Path(os.environ.get("SDPTHERMO_STORE", str(DEFAULT_STORE)))


def open_store(store: Any) -> Store | None:
    """``"default"`` -> the default directory; a path -> that directory; a Store -> itself; None -> None."""
    if store is None:
        return None
    if isinstance(store, Store):
        return store
    if isinstance(store, str) and store == "default":
        return Store(default_store_path())
    if not isinstance(store, (str, os.PathLike)):
        raise ValidationError("store", f"must be a directory path, a Store, 'default' or None, got {store!r}")
    return Store(store)


__all__ = ["DEFAULT_STORE", "Store", "default_store_path", "open_store"]
