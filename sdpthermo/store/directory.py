"""The certificate cache: a content-addressed directory of JSON + npz entries (DESIGN.md §5).

Layout: ``<root>/<question>/<instance_id>.json`` and ``<root>/<question>/<instance_id>-<npzhash>.npz``.
The JSON names its npz by content hash, so an entry is the JSON plus exactly the npz it names:

* writes are atomic: npz first (temp file in the same directory, fsync, rename), then the JSON
  the same way, under a per-question lock — any JSON visible on disk names a complete npz, two
  processes writing the same entry leave one valid entry, and the npz files of an entry that its
  JSON no longer names are removed, as are temp files older than :data:`STALE_TMP_SECONDS`;
* an existing npz is rewritten unless it is a regular file matching its hash, so a damaged entry
  heals on the next write;
* reads trust nothing: the JSON carries a sha256 of its own canonical body and of the npz bytes
  (integrity); the npz must be a plain file name of the entry in the same directory, a regular file
  (never a link, FIFO or device), within :func:`max_bytes` compressed and uncompressed (checked from
  the zip and ``.npy`` headers before anything is inflated), and hold exactly the arrays the JSON
  names; every loader error is a :class:`~sdpthermo.errors.StoreError` naming the file;
* correctness is re-derived, never read: :meth:`Store.read` binds the entry to its key and
  re-verifies it with the caller's tolerance (:mod:`sdpthermo.store.check`); a failing entry is
  reported and is a miss (the caller recomputes and overwrites), never served;
* arrays load with ``allow_pickle=False``: nothing is ever unpickled;
* a certificate kind stored under an older spelling is read as its current kind
  (:func:`~sdpthermo.certify.kinds.canonical`), so a store written before a kind was renamed still verifies.

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

import contextlib
import hashlib
import io
import json
import os
import re
import stat
import tempfile
import time
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from sdpthermo.certify.kinds import canonical
from sdpthermo.conventions import TOL_VERIFY
from sdpthermo.errors import StoreError, ValidationError
from sdpthermo.results import Result
from sdpthermo.store.check import bind, rederive

SCHEMA = 1
MAX_BYTES_ENV = "SDPTHERMO_STORE_MAX_BYTES"
DEFAULT_MAX_BYTES = 64 * 2**20
STALE_TMP_SECONDS = 3600.0
_NPZ_NAME = re.compile(r"(?P<iid>[0-9a-f]{64})-(?P<sha>[0-9a-f]{16})\.npz")


def max_bytes() -> int:
    """Size cap of one entry file and of its arrays inflated: ``$SDPTHERMO_STORE_MAX_BYTES`` or 64 MiB."""
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None:
        return DEFAULT_MAX_BYTES
    try:
        cap = int(float(raw))
    except ValueError:
        cap = 0
    if cap <= 0:
        raise ValidationError(MAX_BYTES_ENV, f"must be a positive number of bytes, got {raw!r}", "e.g. 268435456")
    return cap


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


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive POSIX ``flock`` on the directory ``folder`` itself (no lock file; none without ``fcntl``)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


RUN_DEPENDENT = {"provenance": ("utc", "seconds"), "solver": ("seconds",)}
"""Wall-clock fields a stored entry omits: a certificate is a function of its instance, so the same
instance written twice (or on another run of ``make results``) gives the same bytes."""


def stored_json(result: Result) -> dict[str, Any]:
    """``result.to_json()`` without the run-dependent fields of :data:`RUN_DEPENDENT`."""
    doc = result.to_json()
    for section, keys in RUN_DEPENDENT.items():
        doc[section] = {k: v for k, v in doc[section].items() if k not in keys}
    return doc


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """A compressed ``.npz`` with fixed member timestamps and order: equal arrays give equal bytes
    (``np.savez_compressed`` stamps each member with the current time)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(arrays[name]), allow_pickle=False)
            zf.writestr(info, member.getvalue())
    return buf.getvalue()


def _body_digest(body: dict[str, Any]) -> str:
    blob = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def read_regular(path: Path, cap: int) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link, FIFO or device) of at most ``cap`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open ({exc.strerror or exc}; a link is never followed)") from exc
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(f"{path}: not a regular file")
        if st.st_size > cap:
            raise StoreError(f"{path}: {st.st_size} bytes exceeds the cap of {cap} bytes ({MAX_BYTES_ENV})")
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise StoreError(f"{path}: exceeds the cap of {cap} bytes ({MAX_BYTES_ENV})")
    return data


def _read_npz(raw: bytes, expected: set[str], cap: int) -> dict[str, np.ndarray]:
    """Arrays of an npz holding exactly ``expected``, sizes checked from the headers before inflating."""
    z = zipfile.ZipFile(io.BytesIO(raw))
    infos = z.infolist()
    names = [i.filename[:-4] if i.filename.endswith(".npy") else i.filename for i in infos]
    if len(set(names)) != len(names) or set(names) != expected:
        extra, missing = sorted(set(names) - expected), sorted(expected - set(names))
        raise StoreError(f"arrays do not match the entry (unexpected {extra}, missing {missing})")
    total = sum(i.file_size for i in infos)
    if total > cap:
        raise StoreError(f"arrays inflate to {total} bytes, over the cap of {cap} bytes ({MAX_BYTES_ENV})")
    out = {}
    for info, name in zip(infos, names):
        with z.open(info) as fh:
            version = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) \
                else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read_header(fh)
            if dtype.hasobject:
                raise StoreError(f"array {name!r} has dtype object")
            nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
            if nbytes + fh.tell() != info.file_size:
                raise StoreError(f"array {name!r}: header declares {nbytes} bytes, the file holds "
                                 f"{info.file_size - fh.tell()}")
            data = bytearray(fh.read(nbytes))
        out[name] = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    return out


def _expected_arrays(d: dict[str, Any]) -> set[str]:
    names = {f"param:{k}" for k in d.get("param_arrays", [])}
    cert = d.get("certificate")
    if cert:
        names |= {f"{s}:{k}" for s in ("primal", "dual", "problem") for k in cert[s]}
    return names


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
        """Path of the JSON file of entry ``iid`` of ``question``."""
        return self.root / question / f"{iid}.json"

    def entries(self) -> Iterator[Path]:
        """Every ``*.json`` entry under the root, sorted."""
        if not self.root.exists():
            return iter(())
        return iter(sorted(p for p in self.root.glob("*/*.json") if not p.name.startswith(".")))

    def remove_stale_temps(self, folder: Path | None = None, age: float = STALE_TMP_SECONDS) -> list[Path]:
        """Delete temp files (``.*.tmp``) older than ``age`` seconds, left by writers that crashed."""
        now, gone = time.time(), []
        pattern = ".*.tmp" if folder is not None else "*/.*.tmp"
        for p in (folder or self.root).glob(pattern):
            with contextlib.suppress(OSError):
                if now - p.lstat().st_mtime > age:
                    p.unlink()
                    gone.append(p)
        return gone

    # ------------------------------------------------------------------ write
    def put(self, result: Result) -> Path:
        """Write ``result`` atomically; returns the JSON path."""
        folder = self.root / result.question
        folder.mkdir(parents=True, exist_ok=True)
        npz = npz_bytes(result.arrays())
        npz_sha = hashlib.sha256(npz).hexdigest()
        npz_path = folder / f"{result.instance_id}-{npz_sha[:16]}.npz"
        body = {"schema": SCHEMA, "result": stored_json(result), "npz": npz_path.name, "npz_sha256": npz_sha}
        doc = {"body": body, "sha256": _body_digest(body)}
        path = self.entry_path(result.question, result.instance_id)
        with _locked(folder):
            self.remove_stale_temps(folder)
            try:
                intact = hashlib.sha256(read_regular(npz_path, len(npz))).hexdigest() == npz_sha
            except StoreError:
                intact = False
            if not intact:
                _atomic_write(npz_path, npz)
            _atomic_write(path, (json.dumps(doc, indent=1, sort_keys=True, allow_nan=False) + "\n").encode())
            for old in folder.glob(f"{result.instance_id}-*.npz"):
                if old.name != npz_path.name:
                    with contextlib.suppress(OSError):
                        old.unlink()
        return path

    # ------------------------------------------------------------------ read
    def load_entry(self, path: str | os.PathLike[str]) -> Result:
        """Load one entry, checking both checksums and the npz (a :class:`StoreError` naming the file)."""
        path = Path(path)
        try:
            return self._load(path)
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - every loader failure is reported as a bad entry
            raise StoreError(f"{path}: unreadable entry ({exc.__class__.__name__}: {exc})") from exc

    def _load(self, path: Path) -> Result:
        cap = max_bytes()
        doc = json.loads(read_regular(path, cap))
        body = doc["body"]
        if _body_digest(body) != doc.get("sha256"):
            raise StoreError(f"{path}: checksum mismatch (entry was modified or truncated)")
        name = body["npz"]
        m = _NPZ_NAME.fullmatch(name) if isinstance(name, str) else None
        if m is None or m["iid"] != path.stem or m["sha"] != str(body["npz_sha256"])[:16]:
            raise StoreError(f"{path}: names array file {name!r}, not <instance id>-<sha256[:16]>.npz beside it")
        npz_path = path.parent / name
        raw = read_regular(npz_path, cap)
        if hashlib.sha256(raw).hexdigest() != body["npz_sha256"]:
            raise StoreError(f"{path}: array file {name} fails its checksum")
        try:
            arrays = _read_npz(raw, _expected_arrays(body["result"]), cap)
        except StoreError as exc:
            raise StoreError(f"{path}: array file {name}: {exc}") from exc
        res = Result.from_json(body["result"], arrays)
        cert = res.certificate
        if cert is not None and canonical(cert.kind) != cert.kind:  # an older spelling of the kind
            res = res.with_(certificate=replace(cert, kind=canonical(cert.kind)))
        return res

    def read(self, path: str | os.PathLike[str], tol: float = TOL_VERIFY, *, question: str | None = None,
             iid: str | None = None) -> Result:
        """Load, bind to its key and re-derive one entry at ``tol`` (a :class:`StoreError` when it is a miss)."""
        path = Path(path)
        return self._checked(path, self.load_entry(path), tol, question, iid)

    @staticmethod
    def _checked(path: Path, res: Result, tol: float, question: str | None, iid: str | None) -> Result:
        try:
            bind(res, question=question, iid=iid, stem=path.stem, folder=path.parent.name)
            if not res.verified:
                raise StoreError("stored as not verified")
            return rederive(res, tol)
        except StoreError as exc:
            raise StoreError(f"{path}: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - a malformed (forged) entry is a bad entry, not a crash
            raise StoreError(f"{path}: malformed entry ({exc.__class__.__name__}: {exc})") from exc

    def reverify(self, result: Result, tol: float = TOL_VERIFY) -> bool:
        """Does a loaded result re-verify at ``tol`` with the bounds, value and conclusions it states?"""
        try:
            rederive(result, tol)
        except StoreError:
            return False
        return True

    def get(self, question: str, iid: str, *, tol: float = TOL_VERIFY) -> Result | None:
        """A cached verified result re-derived at ``tol``, or ``None`` (miss or bad entry: reported)."""
        path = self.entry_path(question, iid)
        if not path.exists():
            return None
        try:
            res = self.load_entry(path)
            if not res.verified:
                return None
            res = self._checked(path, res, tol, question, iid)
        except StoreError as exc:
            warnings.warn(f"store: {exc}; recomputing", stacklevel=2)
            return None
        return res.with_(provenance={**res.provenance, "cached": True})
