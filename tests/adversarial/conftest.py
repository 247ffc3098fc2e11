"""Prints the per-kind tally of the adversarial suite (trials, passed, false bounds) after the run."""

from __future__ import annotations

from tests.adversarial.perturb import TALLIES


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001 - pytest hook signature
    if not TALLIES:
        return
    terminalreporter.section("adversarial tally (per certificate kind)")
    for kind in sorted(TALLIES):
        t = TALLIES[kind]
        terminalreporter.line(f"{kind:32s} trials {t.trials:6d}  still passed {t.passed:6d}  "
                              f"false bounds {len(t.false_bounds or [])}")
