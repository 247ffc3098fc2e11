"""Assertions and pytest fixtures for researchers who check sdpthermo results in their own test suites.

A number from sdpthermo is only as good as its certificate, so these helpers never trust a stored or
returned flag: they re-verify the certificate from its arrays (numpy only, no solver) and check the
re-derived bounds.

* :func:`assert_certified` — a result is verified, its certificate re-verifies, and the certified interval
  brackets a value (a closed form, a paper's number) within a width.
* :func:`assert_store_verifies` — every entry of a store directory re-verifies.
* The pytest plugin (registered under the ``pytest11`` entry point, so it is active wherever sdpthermo is
  installed) provides the fixtures ``sdpthermo_store`` (a fresh temporary store, also set as
  ``$SDPTHERMO_STORE``) and ``reverify_store`` (the function :func:`assert_store_verifies`), and the option
  ``--sdpthermo-verify-store DIR``, which re-verifies a store once per session and fails the session otherwise.

Examples
--------
>>> import numpy as np, sdpthermo
>>> from sdpthermo.testing import assert_certified
>>> r = sdpthermo.solve("dmax", rho=np.diag([0.5, 0.5]), sigma=np.diag([0.75, 0.25]), store=None)
>>> _ = assert_certified(r, 1.0, width=1e-8)  # D_max = log2(0.5 / 0.25) = 1 bit, Eq. (10) of seed 002
>>> try:
...     assert_certified(r, 1.1)
... except AssertionError as err:
...     print(err)
dmax: the certified interval [1, 1] does not contain 1.1 (atol 0)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sdpthermo.conventions import TOL_VERIFY
from sdpthermo.results import Result, Verification, fmt_number


def reverify(result: Result, tol: float = TOL_VERIFY) -> Verification:
    """Re-verify ``result``'s certificate from its arrays (an ``AssertionError`` when it has none)."""
    from sdpthermo.certify import verify

    if result.certificate is None:
        raise AssertionError(f"{result.question}: the result carries no certificate")
    return verify(result.certificate, tol)


def assert_certified(result: Result, value: float | None = None, *, width: float | None = None,
                     atol: float = 0.0, tol: float = TOL_VERIFY) -> Verification:
    """Assert that ``result`` is verified and that its re-derived interval brackets ``value``.

    Parameters
    ----------
    result : Result
        What :func:`sdpthermo.solve` returned (or a store entry).
    value : float, optional
        A value the certified interval must contain, up to ``atol``.
    width : float, optional
        The largest acceptable ``upper - lower``.
    atol : float
        Slack for ``value`` itself (e.g. the rounding of a number quoted in a paper).
    tol : float
        Verification tolerance (decides pass or fail of the residual checks, never the bounds).

    Returns
    -------
    Verification
        The fresh verification, for further checks.
    """
    q = result.question
    if not result.verified:
        raise AssertionError(f"{q}: the result is not verified ({result.message or result.status.value})")
    ver = reverify(result, tol)
    if not ver.passed:
        bad = {k: v for k, v in ver.residuals.items() if v is not None and v > tol}
        raise AssertionError(f"{q}: the certificate does not re-verify at tol {tol:g}: {bad}")
    lo, hi = ver.lower, ver.upper
    if value is not None and not (lo - atol <= value <= hi + atol):
        raise AssertionError(f"{q}: the certified interval [{fmt_number(lo)}, {fmt_number(hi)}] does not contain "
                             f"{value!r} (atol {atol:g})")
    if width is not None and not (hi - lo <= width):
        raise AssertionError(f"{q}: the certified interval [{fmt_number(lo)}, {fmt_number(hi)}] is "
                             f"{fmt_number(hi - lo, 3)} wide, more than {width:g}")
    return ver


def assert_store_verifies(root: str | os.PathLike[str], tol: float = TOL_VERIFY, *, min_entries: int = 1) -> int:
    """Re-verify every entry of the store at ``root``; return how many; raise listing every failure.

    An empty or missing store fails (fewer than ``min_entries`` entries): a check of nothing is no check.
    """
    from sdpthermo.store import Store

    path = Path(root)
    if not path.is_dir():
        raise AssertionError(f"no store at {path}")
    st = Store(path)
    failures: list[str] = []
    count = 0
    for entry in st.entries():
        count += 1
        try:
            assert_certified(st.load_entry(entry), tol=tol)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, whatever its kind
            failures.append(f"{entry}: {exc}")
    if count < min_entries:
        raise AssertionError(f"the store at {path} holds {count} entries (expected at least {min_entries})")
    if failures:
        raise AssertionError(f"{len(failures)} of {count} entries do not re-verify:\n" + "\n".join(failures))
    return count


# ---------------------------------------------------------------- pytest plugin

def pytest_addoption(parser: Any) -> None:
    """pytest hook: the ``--sdpthermo-verify-store DIR`` option."""
    parser.getgroup("sdpthermo").addoption(
        "--sdpthermo-verify-store", metavar="DIR", default=None,
        help="re-verify every certificate of this sdpthermo store once per session (fails the session otherwise)")


def pytest_sessionstart(session: Any) -> None:
    """pytest hook: re-verify the store named by ``--sdpthermo-verify-store`` (fail the session otherwise)."""
    root = session.config.getoption("--sdpthermo-verify-store", default=None)
    if root:
        import pytest

        try:
            n = assert_store_verifies(root)
        except AssertionError as exc:
            raise pytest.UsageError(f"sdpthermo store check failed: {exc}") from None
        session.config._sdpthermo_verified = n  # noqa: SLF001 - reported in the header


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:  # noqa: ARG001
    """pytest hook: report how many certificates were re-verified."""
    n = getattr(config, "_sdpthermo_verified", None)
    if n is not None:
        terminalreporter.write_line(f"sdpthermo: {n} certificates re-verified")


try:  # fixtures only where pytest is importable (it is not a runtime dependency)
    import pytest as _pytest
except ImportError:  # pragma: no cover
    _pytest = None  # type: ignore[assignment]

if _pytest is not None:

    @_pytest.fixture
    def sdpthermo_store(tmp_path: Path, monkeypatch: Any) -> Any:
        """A fresh temporary store, also set as ``$SDPTHERMO_STORE`` for code that uses the default."""
        from sdpthermo.store import Store

        root = tmp_path / "sdpthermo-store"
        root.mkdir()
        monkeypatch.setenv("SDPTHERMO_STORE", str(root))
        return Store(root)

    @_pytest.fixture
    def reverify_store() -> Any:
        """:func:`assert_store_verifies`, as a fixture."""
        return assert_store_verifies
