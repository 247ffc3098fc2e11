"""Shared by the EPLT tests: the verifier modules of the certificate kinds the EPLT questions write (a process
without solvers imports them to re-verify stored entries)."""

from __future__ import annotations

VERIFIER_MODULES = ("fef", "dps", "gme", "eplt_protocols")
