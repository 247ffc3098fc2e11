"""Issue 21: tables print certified digits; the CSV comparison tool; `make reproduce` on a subset (slow)."""

from __future__ import annotations

import math
import os
import time
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sdpthermo.reproduce import check, compare_csv_text, compare_results, compare_store, main, parse_cell
from sdpthermo.tables import (
    ATOL,
    ROUNDOFF,
    WIDE,
    WIDE_ATOL,
    format_bound,
    format_point,
    format_value,
    point_exponent,
    quantum_exponent,
)

ROOT = Path(__file__).resolve().parents[1]
HEAD = "T,value,lower,upper,data.route,seconds\n"


# ---- the comparison tool -------------------------------------------------------------------------------------

def test_equal_within_certified_width():
    a = HEAD + "1.0,0.30776,0.3077,0.3079,see-saw,1.5\n"
    b = HEAD + "1.0,0.30785,0.30775,0.3079,see-saw,9.25\n"        # endpoints move inside the 2e-4 width
    assert compare_csv_text(a, b) == []


def test_differs_beyond_certified_width():
    a = HEAD + "1.0,0.5,0.49999999,0.50000001,exact,1\n"
    b = HEAD + "1.0,0.5,0.49999,0.50000001,exact,1\n"               # lower moved by 1e-5 > width 2e-8 + 1e-5
    diffs = compare_csv_text(a, b)
    assert len(diffs) == 1 and diffs[0].startswith("row 1, lower: 0.49999999 vs 0.49999")


def test_bounds_column_and_lists_use_the_width():
    a = 'eps,bounds,data.slopes\n0.1,"[1.0, 1.000001]","[0.25, 0.5]"\n'
    assert compare_csv_text(a, a.replace("[1.0, 1.000001]", "[1.0000005, 1.000001]")) == []
    widened = compare_csv_text(a, a.replace("[1.0, 1.000001]", "[1.0, 1.1]"))       # a looser bracket differs
    assert widened == ["row 1, bounds: [1.0, 1.000001] vs [1.0, 1.1] (|diff| 0.1 > tolerance 1e-06)"]
    # data columns have no certified width: roundoff only, even in a row with an interval
    slopes = a.replace("[0.25, 0.5]", "[0.25, 0.5000001]")
    assert compare_csv_text(a, slopes) == ["row 1, data.slopes: [0.25, 0.5] vs [0.25, 0.5000001] "
                                           "(|diff| 1e-07 > tolerance 5.01e-10)"]


def test_roundoff_tolerance_for_closed_forms():
    a = "n,value\n3,1.807354922057572\n"
    assert compare_csv_text(a, "n,value\n3,1.8073549220576004\n") == []     # 1.6e-14: roundoff
    assert compare_csv_text(a, "n,value\n3,1.8073549\n") != []              # 2e-8: a real change


def test_strings_rows_headers_and_timings():
    a = HEAD + "1.0,0.5,0.5,0.5,exact,1\n"
    assert compare_csv_text(a, a.replace("exact", "polished")) == ["row 1, data.route: exact vs polished"]
    assert compare_csv_text(a, a + "2.0,0.5,0.5,0.5,exact,1\n") == ["1 rows vs 2 rows"]
    assert compare_csv_text(a, a.replace("data.route", "data.how"))[0].startswith("header:")
    assert compare_csv_text(a, a.replace(",1\n", ",7\n")) == []                # seconds is a timing
    assert compare_csv_text("x\ninf\n", "x\ninf\n") == [] and compare_csv_text("x\ninf\n", "x\n1e300\n") != []


def test_parse_cell():
    assert parse_cell("[-inf, nan, 'a']") == [-math.inf, "nan", "a"]
    assert parse_cell("see-saw over 34 LOSR terms (start 1)") == "see-saw over 34 LOSR terms (start 1)"


def test_compare_results_and_cli(tmp_path, capsys):
    for root in ("a", "b"):
        (tmp_path / root / "tables").mkdir(parents=True)
        (tmp_path / root / "figures").mkdir()
        (tmp_path / root / "tables" / "p.csv").write_text(HEAD + "1.0,0.5,0.5,0.5,exact,1\n")
        (tmp_path / root / "tables" / "p.md").write_text("| T | value |\n| 1 | 0.5 |\n")
        (tmp_path / root / "figures" / "p.png").write_bytes(b"\x89PNG same")
    assert compare_results(tmp_path / "a", tmp_path / "b", ["p"]) == []
    (tmp_path / "b" / "tables" / "p.md").write_text("| T | value |\n| 1 | 0.50000001 |\n")
    (tmp_path / "b" / "figures" / "p.png").write_bytes(b"\x89PNG other")
    (tmp_path / "b" / "tables" / "q.tex").write_text("x")
    diffs = compare_results(tmp_path / "a", tmp_path / "b", None)
    assert "tables/p.md: differs" in diffs and "+| 1 | 0.50000001 |" in [d.strip() for d in diffs]
    assert "figures/p.png: differs" in diffs and "tables/q.tex: only in the rerun" in diffs
    assert compare_results(tmp_path / "a", tmp_path / "b", ["p"], figures=False)[0] == "tables/p.md: differs"
    a, b = tmp_path / "a" / "tables" / "p.csv", tmp_path / "b" / "tables" / "p.csv"
    assert main(["compare", str(a), str(b)]) == 0
    b.write_text(HEAD + "1.0,0.6,0.6,0.6,exact,1\n")
    assert main(["compare", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "row 1, value: 0.5 vs 0.6" in out and "3 difference(s)" in out


# ---- printing what is certified ------------------------------------------------------------------------------

def _bracket(lo: float, hi: float) -> tuple[Decimal, Decimal, int]:
    e = quantum_exponent(lo, hi)
    return Decimal(format_bound(lo, e, up=False)), Decimal(format_bound(hi, e, up=True)), e


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e4, 1e4, allow_nan=False), st.floats(0.0, 10.0, allow_nan=False))
def test_printed_bracket_contains_the_certified_one(lo, w):
    hi = lo + w
    plo, phi, e = _bracket(lo, hi)
    with localcontext() as ctx:
        ctx.prec = 2000
        assert plo <= Decimal(lo) + Decimal(ROUNDOFF * max(1.0, abs(lo)))    # outward up to float roundoff
        assert phi >= Decimal(hi) - Decimal(ROUNDOFF * max(1.0, abs(hi)))
    for x in (plo, phi):                                                        # multiples of the quantum
        assert x.scaleb(-e) == x.scaleb(-e).to_integral_value()
    floor = min(w, max(WIDE * max(abs(lo), abs(hi)), WIDE_ATOL))
    assert Decimal(10) ** e >= Decimal(max(floor, ATOL)) * Decimal("0.999999")  # never past the width


def test_solver_noise_does_not_change_the_printed_row():
    """The issue's eplt-gme-ghz row: endpoints that move by 1e-12 print the same."""
    lo, hi, v = -0.01798620996210991, -0.01798620994521088, -0.017986209945247113
    rows = set()
    for k in range(-5, 6):
        dl, dh = lo + k * 1e-12, hi - k * 7e-13
        e = quantum_exponent(dl, dh)
        rows.add((format_bound(dl, e, up=False), format_bound(dh, e, up=True),
                  format_value(v + k * 1e-12, e, (dl, dh))))
    assert rows == {("-0.01798621", "-0.017986209", "-0.01798621")}


def test_zero_within_the_certificate_prints_zero():
    e = quantum_exponent(-2.9e-14, 2.9e-14)
    assert (format_bound(-2.9e-14, e, up=False), format_bound(2.9e-14, e, up=True)) == ("0", "0")
    assert format_value(1.11022302e-16, quantum_exponent(0.0, 2.2e-16), (0.0, 2.2e-16)) == "0"
    assert format_value(-1.8e-9, quantum_exponent(-2.46e-9, -1.8e-9), (-2.46e-9, -1.8e-9)) == "-2e-09"
    assert format_point(1.994932e-17) == "0" and format_point(-5.094549034e-05) == "-5.094549e-05"


def test_a_value_just_outside_its_bracket_prints_inside():
    lo, hi, v = 0.014906292003, 0.014906292891, 0.0149062912
    e = quantum_exponent(lo, hi)
    assert (format_bound(lo, e, up=False), format_value(v, e, (lo, hi)), format_bound(hi, e, up=True)) == \
        ("0.014906292", "0.014906292", "0.014906293")
    assert format_value(0.3, -4, (0.2, 0.25)) == "0.3"           # far outside (a different quantity): unchanged


def test_wide_brackets_and_integers():
    assert [format_bound(7.0, quantum_exponent(7.0, 3356.0), up=False),
            format_bound(3356.0, quantum_exponent(7.0, 3356.0), up=True)] == ["7", "3356"]
    assert point_exponent(0.0) == round(math.log10(ATOL)) and format_point(3.0e20) == "3e+20"
    assert format_bound(0.1 + 0.2, -8, up=True) == "0.3" and format_bound(0.3, -8, up=False) == "0.3"
    assert format_bound(-math.inf, 0, up=False) == "-inf"


def _row(lo: float, hi: float, **data: float):
    from sdpthermo.results import Result, Status

    return Result("collision.evolution", "x", {}, Status.OPTIMAL, (lo + hi) / 2, lo, hi, True, data=data)


def test_row_quantum_columns_print_no_digit_below_the_certified_width(tmp_path):
    """A population of a state certified to 6e-7 (collision-fig2bc at t ~ 4e6) prints at the row's quantum:
    two runs whose populations differ by 1e-9 print the same cell; other data columns keep 8 digits."""
    from sdpthermo.registry.problems import load_problem
    from sdpthermo.tables import render

    toml = tmp_path / "p.toml"
    toml.write_text('id = "p"\nquestion = "collision.evolution"\ntitle = "t"\n[params]\nt = 1.0\n'
                    '[table]\ncolumns = ["t", "value", "data.p5", "data.band_ratio"]\nrow_quantum = ["data.p5"]\n')
    prob = load_problem(toml)
    rows = [render(prob, [({"t": 1.0}, _row(0.1476817, 0.1476823, p5=p5, band_ratio=0.6088460132))], "md")
            .splitlines()[-1] for p5 in (0.0661288785, 0.0661288775)]
    assert rows[0] == rows[1] == "| 1 | 0.147682 | 0.066129 | 0.60884601 |"
    narrow = render(prob, [({"t": 1.0}, _row(0.001, 0.001 + 1e-15, p5=0.0661288785, band_ratio=0.5))], "md")
    assert narrow.splitlines()[-1] == "| 1 | 0.001 | 0.066128879 | 0.5 |"      # its own 8 digits when coarser
    toml.write_text(toml.read_text().replace('row_quantum = ["data.p5"]', 'row_quantum = ["value"]'))
    with pytest.raises(ValueError, match="table.row_quantum"):
        load_problem(toml)


# ---- a claim is served inside its certificate -----------------------------------------------------------------

GP = {"energies": [0.0, 0.1, 0.2, 1.0], "sectors": [[0, 2], [1, 3]], "T0": 0.05, "T": 0.02}


def _gp_tables(tmp_path: Path, results: list) -> tuple[str, str]:
    from sdpthermo.registry.problems import load_problem
    from sdpthermo.tables import render

    toml = tmp_path / "gp.toml"
    toml.write_text('id = "gp"\nquestion = "sthermal.gp_max_energy"\ntitle = "t"\n[params]\nT = 0.02\n'
                    '[table]\ncolumns = ["T", "value", "bounds"]\n')
    prob = load_problem(toml)
    pairs = [({"T": 0.02}, r) for r in results]
    return render(prob, pairs, "md"), render(prob, pairs, "csv")


def _served(tmp_path: Path, name: str, result):
    from sdpthermo.store import Store

    st = Store(tmp_path / name)
    st.put(result)
    return st.get(result.question, result.instance_id)


def test_a_claim_stored_outside_its_interval_is_served_as_a_fresh_solve_reports_it(tmp_path):
    """sthermal-gp-max-energy rows 1-2: the committed entries (written before a fresh solve clipped its claim)
    hold Clarabel's claim 1.0e-9 below the certified lower bound, 2.3 certified widths away; a fresh solve reports
    the bound.  Served as stored, the two CSV rows differ beyond the width and the printed value changes in its
    last digit (the reproduce check's failure); served clipped into the re-derived interval (as every stored
    claim is), the committed entry gives the fresh tables byte for byte."""
    import sdpthermo

    fresh = sdpthermo.solve("sthermal.gp_max_energy", store=None, **GP)
    assert fresh.upper - fresh.lower < 5e-10
    committed = fresh.with_(value=fresh.lower - 1.0041e-9)          # the committed row 1's claim
    new, old = _served(tmp_path, "fresh", fresh), _served(tmp_path, "committed", committed)
    assert old.value == old.lower == new.value and "clipped" in fresh.message
    assert _gp_tables(tmp_path, [old]) == _gp_tables(tmp_path, [new])
    stale_md, stale_csv = _gp_tables(tmp_path, [old.with_(value=committed.value)])   # the claim as stored
    assert stale_md != _gp_tables(tmp_path, [new])[0]
    assert compare_csv_text(stale_csv, _gp_tables(tmp_path, [new])[1])[0].startswith("row 1, value: ")


def test_a_claim_inside_its_interval_is_served_unchanged_and_a_real_change_is_reported(tmp_path):
    import sdpthermo

    fresh = sdpthermo.solve("sthermal.gp_max_energy", store=None, **GP)
    inside = fresh.lower + 0.25 * (fresh.upper - fresh.lower)
    assert _served(tmp_path, "inside", fresh.with_(value=inside)).value == inside
    a = HEAD + "1.0,0.01490629254,0.014906292537,0.014906292968,gp,1\n"
    assert compare_csv_text(a, a.replace("0.01490629254,", "0.0149062929,")) == []    # within the 4.3e-10 width
    moved = compare_csv_text(a, a.replace("0.01490629254,", "0.0149062935,"))          # 9.6e-10 > the width
    assert len(moved) == 1 and moved[0].startswith("row 1, value: 0.01490629254 vs 0.0149062935")


# ---- the full check on a subset ------------------------------------------------------------------------------

#: one problem per randomized step: bath.convex_split (random pairs), dmax.smooth (local-search starts),
#: eplt.protocol random (Haar draws, T_U^(N)) and the Clifford / App. A ensembles, eplt.fef (see-saw starts for
#: d > 2), mbl.transition (random fields and the bootstrap), eplt.channel_marginal (the LOSR see-saw from split
#: and random starts; the best start of this instance is a random one), collision.steady_state (the fixed seeded
#: probe of Hermiticity preservation), eplt.gme (the issue's solver-noise example)
SUBSET = ["bath-convex-split", "bath-dmax-smooth-qubit-metrics", "eplt-protocols", "eplt-twirl-approx",
          "eplt-qudit-fef", "mbl-transition", "channel-marginal-seesaw-starts", "collision-steady-state-gamma",
          "eplt-gme-ghz"]


@pytest.mark.slow
def test_reproduce_subset_from_an_empty_store(monkeypatch):
    monkeypatch.chdir(ROOT)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.setenv(var, os.environ.get(var, "1"))
    t0 = time.perf_counter()
    diffs = check(SUBSET, ROOT / "results", workers=1)
    print(f"subset of {len(SUBSET)} problems regenerated and compared in {time.perf_counter() - t0:.0f} s")
    assert diffs == []


def test_compare_store_finds_missing_stale_and_changed_entries(tmp_path):
    committed, fresh = tmp_path / "c", tmp_path / "f"
    for root in (committed, fresh):
        (root / "q").mkdir(parents=True)
        (root / "q" / "same.json").write_text('{"a": 1}')
        (root / "q" / "same-0123.npz").write_bytes(b"z")
    (committed / "q" / "moved.json").write_text('{"a": 1}')
    (fresh / "q" / "moved.json").write_text('{"a": 2}')
    (committed / "q" / "stale.json").write_text("{}")
    (fresh / "q" / "new.json").write_text("{}")
    diffs, summary = compare_store(committed, fresh, full=False, exact=False)
    assert diffs == ["certificates/q/new.json: only in the rerun"]
    assert summary == "certificates: 3 regenerated, 1 byte-identical to the committed store"
    diffs, _ = compare_store(committed, fresh, full=True, exact=True)
    assert diffs == ["certificates/q/new.json: only in the rerun",
                     "certificates/q/stale.json: only in the committed store (no problem produces it)",
                     "certificates/q/moved.json: differs from the committed entry"]
