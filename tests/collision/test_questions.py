"""Registry questions collision.* : verified results, data keys, store round trip, bad input."""

from __future__ import annotations

import pytest

from sdpthermo.errors import ValidationError
from sdpthermo.registry.core import solve


def test_steady_state_question(store):
    r = solve("collision.steady_state", store=store, N=2, eps=0.1, map="exact")
    assert r.verified and r.lower <= r.value <= r.upper
    for k in ("local_distance", "min_choi_eigenvalue", "tp_error", "detailed_balance_error", "tio_error",
              "band_ratio", "beta_eff_02", "rho23_abs", "p0"):
        assert k in r.data
    back = store.load_entry(store.entry_path(r.question, r.instance_id))
    assert back.verified and store.reverify(back)


def test_local_question_reaches_local_gibbs():
    r = solve("collision.steady_state", store=None, N=2, eps=0.1, map="local", Gamma=3.0)
    assert r.verified and r.data["local_distance"] < 1e-10 and r.value > 1e-3


def test_evolution_question():
    r = solve("collision.evolution", store=None, N=2, t=5.0)
    assert r.verified and 0 < r.value < 1 and r.data["band_ratio"] > 0


def test_map_distance_question(store):
    r = solve("collision.map_distance", store=store, N=2, eps=0.1, map_a="exact", map_b="narrow")
    assert r.verified and 0 < r.lower <= r.value <= r.upper <= 2 and r.upper - r.lower < 1e-6
    back = store.load_entry(store.entry_path(r.question, r.instance_id))
    assert store.reverify(back)


@pytest.mark.parametrize("q,bad,param", [
    ("collision.steady_state", {"N": 0}, "N"),
    ("collision.steady_state", {"sigma_p": 0.0}, "sigma_p"),
    ("collision.steady_state", {"m": -0.1}, "m"),
    ("collision.steady_state", {"beta": 0.0}, "beta"),
    ("collision.steady_state", {"map": "global"}, "map"),
    ("collision.steady_state", {"Gamma": 0.0}, "Gamma"),
    ("collision.evolution", {"t": -1.0}, "t"),
    ("collision.map_distance", {"map_b": "exact"}, "map_b"),
    ("collision.map_distance", {"map_a": "davies"}, "map_a"),
])
def test_bad_input(q, bad, param):
    kw = {"t": 1.0} if q == "collision.evolution" else {}
    with pytest.raises(ValidationError) as exc:
        solve(q, store=None, **{**kw, **bad})
    assert repr(param) in str(exc.value)
