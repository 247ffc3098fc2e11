"""The certificate cache: a content-addressed directory of JSON + npz entries (DESIGN.md §5).

Layout: ``<root>/<question>/<instance_id>.json`` and ``<root>/<question>/<instance_id>-<npzhash>.npz``.
The JSON names its npz by content hash, so an entry is the JSON plus exactly the npz it names:

* writes are atomic: npz first (temp file in the same directory, fsync, rename), then the JSON
  the same way — any JSON visible on disk names a complete npz, and two processes writing the
  same entry leave one valid entry (the last rename wins; both npz are complete);
* the JSON carries a sha256 of its own canonical body and of the npz bytes; a file that fails
  either checksum, or whose certificate fails re-verification, is reported and treated as a miss
  (the caller recomputes and overwrites), never served;
* arrays load with ``allow_pickle=False``: nothing is ever unpickled.

Examples
--------
>>> import tempfile, numpy as np
>>> from sdpthermo.results import Result, Status
>>> st = Store(tempfile.mkdtemp())
>>> r = Result(question="demo", instance_id="ab"*32, params={}, status=Status.CLOSED_FORM, value=1.0,
...            lower=None, upper=None, verified=False)
>>> path = st.put(r)
>>> st.load_entry(path).value
1.0
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.conventions import TOL_VERIFY
from sdpthermo.errors import StoreError
from sdpthermo.results import Result

SCHEMA = 1


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _same(a: float | None, b: float | None, tol: float) -> bool:
    if a is None or b is None:
        return a is b
    if np.isinf(a) or np.isinf(b):
        return bool(a == b)
    return abs(a - b) <= tol * max(1.0, abs(a))


def _body_digest(body: dict[str, Any]) -> str:
    blob = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(blob.encode()).hexdigest()


class Store:
    """A directory store of verified results.

    Parameters
    ----------
    root : path
        Directory holding ``<question>/<instance_id>.json`` entries (created on first write).
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    # ------------------------------------------------------------------ paths
    def entry_path(self, question: str, iid: str) -> Path:
        return self.root / question / f"{iid}.json"

    def entries(self) -> Iterator[Path]:
        """Every ``*.json`` entry under the root, sorted."""
        if not self.root.exists():
            return iter(())
        return iter(sorted(p for p in self.root.glob("*/*.json") if not p.name.startswith(".")))

    # ------------------------------------------------------------------ write
    def put(self, result: Result) -> Path:
        """Write ``result`` atomically; returns the JSON path."""
        folder = self.root / result.question
        folder.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        np.savez_compressed(buf, **result.arrays())
        npz = buf.getvalue()
        npz_sha = hashlib.sha256(npz).hexdigest()
        npz_path = folder / f"{result.instance_id}-{npz_sha[:16]}.npz"
        if not npz_path.exists():
            _atomic_write(npz_path, npz)
        body = {"schema": SCHEMA, "result": result.to_json(), "npz": npz_path.name, "npz_sha256": npz_sha}
        doc = {"body": body, "sha256": _body_digest(body)}
        path = self.entry_path(result.question, result.instance_id)
        _atomic_write(path, (json.dumps(doc, indent=1, sort_keys=True, allow_nan=False) + "\n").encode())
        return path

    # ------------------------------------------------------------------ read
    def load_entry(self, path: str | os.PathLike[str]) -> Result:
        """Load one entry, checking both checksums (raises :class:`StoreError` when they fail)."""
        path = Path(path)
        try:
            doc = json.loads(path.read_text())
            body = doc["body"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{path}: unreadable entry ({exc})") from exc
        if _body_digest(body) != doc.get("sha256"):
            raise StoreError(f"{path}: checksum mismatch (entry was modified or truncated)")
        npz_path = path.parent / body["npz"]
        try:
            raw = npz_path.read_bytes()
        except OSError as exc:
            raise StoreError(f"{path}: array file {npz_path.name} missing ({exc})") from exc
        if hashlib.sha256(raw).hexdigest() != body["npz_sha256"]:
            raise StoreError(f"{path}: array file {npz_path.name} fails its checksum")
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            return Result.from_json(body["result"], arrays)
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{path}: cannot rebuild the result ({exc})") from exc

    def reverify(self, result: Result, tol: float | None = None) -> bool:
        """Re-run the solver-free verifier on a loaded result: it must pass and give the stored bounds."""
        if result.certificate is None:
            return False
        t = tol if tol is not None else (result.verification.tol if result.verification else TOL_VERIFY)
        ver = verify(result.certificate, t)
        return bool(ver.passed and _same(ver.lower, result.lower, t) and _same(ver.upper, result.upper, t))

    def get(self, question: str, iid: str, *, tol: float | None = None) -> Result | None:
        """A cached verified result, or ``None`` (miss, corrupt, or no longer verifying: reported)."""
        path = self.entry_path(question, iid)
        if not path.exists():
            return None
        try:
            res = self.load_entry(path)
        except StoreError as exc:
            warnings.warn(f"store: {exc}; recomputing", stacklevel=2)
            return None
        if not res.verified:
            return None
        try:
            ok = self.reverify(res, tol)
        except (StoreError, ValueError) as exc:  # unknown kind (plugin not loaded), malformed: reported, never served
            warnings.warn(f"store: {path}: {exc}; recomputing", stacklevel=2)
            return None
        if not ok:
            warnings.warn(f"store: {path}: certificate no longer verifies; recomputing", stacklevel=2)
            return None
        return res.with_(provenance={**res.provenance, "cached": True})
