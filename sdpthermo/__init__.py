"""sdpthermo: open questions of quantum thermodynamics as semidefinite programs, with certified bounds.

Every answer is a :class:`Result` whose certificate plain numpy re-verifies, so a verified
``[lower, upper]`` is a bound, not a solver's claim.  Start with :func:`questions`, :func:`describe`
and :func:`solve`.

>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=None)
>>> r.verified
True

The extension API (imported on first use): :func:`question` and :class:`Param` register a question,
:func:`verifier` a certificate kind, and :func:`solve_sdp` certifies any cvxpy LP/SOCP/SDP
(README, "Pose your own question"; plugins: :mod:`sdpthermo.registry.plugins`).

>>> import cvxpy as cp
>>> x = cp.Variable(2)
>>> r = sdpthermo.solve_sdp(cp.Problem(cp.Maximize(x[0] + x[1]), [x >= 0, x <= 1]), store=None)
>>> r.verified, r.lower <= 2.0 <= r.upper
(True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    import pandas as pd

    from sdpthermo.registry.describe import Description
    from sdpthermo.results import Result


def solve(question: str, **kwargs: Any) -> Result:
    """Solve a registered question and return a verified (or explicitly unverified) :class:`Result`.

    Parameters
    ----------
    question : str
        The question's name (below; :func:`describe` gives its parameters and outputs).
    store : Store, str or None, optional
        Where results are cached (``"default"``; ``None`` disables the cache).
    use_cache : bool, optional
        Serve a cached entry when its certificate re-verifies (default True).
    options : SolveOptions, optional
        Backend (cvxpy or picos), solver, tolerance.
    **params
        The question's parameters.  Temperatures as ``T`` or ``beta`` (per side ``T_A``/``beta_A``, ...).

    Returns
    -------
    Result
        ``value`` (its meaning and unit: ``describe(question).outputs``), the certified ``[lower, upper]``,
        ``verified``, ``data``, the certificate and its verification.

    Notes
    -----
    The questions::

        bath.bounds                  Bath size n_eps: Theorem 1 upper and Corollary 4 lower bounds
        bath.convex_split            Convex split lemma check on a random pair
        bath.esc                     Energy subspace condition up to n_max
        bath.optimal_channel         Optimal energy-preserving random-unitary thermalization vs the swap channel
        channel_marginal.compatible  Channel marginal problem: is there a global channel (CPTP / no-signalling / PP...
        collision.evolution          Evolution rho(t) = exp(L t)|0..0><0..0| of Eq. (71) (Figs. 2-4)
        collision.map_distance       Diamond distance ||S_a - S_b||_diamond between two collision maps
        collision.steady_state       Steady state of the Poissonian Lindblad equation (71) vs the Gibbs state
        dmax                         Max-relative entropy D_max(rho||sigma) in bits
        dmax.smooth                  Smooth max-relative entropy D_max^eps(rho||sigma) in bits, certified interval
        eplt.bath                    Thermodynamic form (Def. 2): Stinespring blocks and a classical bath reproduce...
        eplt.channel_marginal        Best local thermalization: certified [LOSR lower, relaxation upper] on <Psi+|L...
        eplt.fef                     Fully entangled fraction of an EPLT output: certified interval vs Prop. 5
        eplt.gme                     GME of the N-qubit EPLT output E^(eps,N)(input) by PPT mixtures (App. B)
        eplt.ppt                     Negativity of the output of an EPLT channel (E^eps Eq. 5 or Lambda Eq. 20)
        eplt.protocol                EPLT protocols as explicit LOSR ensembles, recomposed against the channel
        eplt.separability            DPS extension test of an EPLT output (PPT-undecided outputs, d >= 3)
        eplt.speedup                 Speed-up of local thermalization with T_U^(N) (Theorem 7)
        eplt.zero_temperature        T = 0: App. A's EPLT (degenerate ground space) vs the constant channel
        fef                          Fully entangled fraction: certified interval (see-saw lower, SDP-relaxation up...
        gme.ppt_mixture              Genuine multipartite entanglement: PPT-mixture witness W = P_M + Q_M^T_M
        mbl.dmax_profile             Slope of the disorder-averaged D_max(omega_R || tau) in |R| (bits per site)
        mbl.dmax_realization         D_max(omega_R || tau) per region for one disorder realization (bits)
        mbl.transition               Finite-size MBL transition estimate: peak of d(slope)/dDelta (seed 002 Fig. 2 ...
        ppt                          Negativity and PPT witness of a bipartite state
        ppt.witness                  Optimal normalized decomposable witness W = P + Q^T_B, tr(P+Q) = 1
        separability.dps             DPS hierarchy: Bose-symmetric (PPT) extension of level k on B
        sthermal.gp_max_energy       Maximal energy reachable by symmetry-respecting Gibbs-preserving channels vs. ...
        sthermal.state               Ergotropy and erasure bookkeeping of the s-thermalized state rho_SS
        sthermal.state_grid          Seed 004 Fig. 2 maps: ergotropy of rho_SS over a (T0, T) grid

    Examples
    --------
    >>> import sdpthermo
    >>> r = sdpthermo.solve("dmax", rho=[[0.5, 0], [0, 0.5]], sigma=[[0.75, 0], [0, 0.25]], store=None)
    >>> round(r.value, 12), r.unit, r.verified
    (1.0, 'bits', True)
    """
    from sdpthermo.registry.core import solve as _solve

    return _solve(question, **kwargs)


def questions() -> list[str]:
    """Names of every registered question (built-in and plugins), sorted."""
    from sdpthermo.registry.describe import questions as _questions

    return _questions()


def describe(name: str) -> Description:
    """Parameters (types, defaults, ranges), outputs (meanings, units) and references of question ``name``.

    >>> print(describe("dmax").outputs.lines()[0])
    value: D_max(rho||sigma) = log2 min{t : rho <= t sigma} (Eq. 10) [bits (log base 2)] (exact)
    """
    from sdpthermo.registry.describe import describe as _describe

    return _describe(name)


def table(problem_id: str, **kwargs: Any) -> pd.DataFrame:
    """The table of a problem of the catalogue as a pandas DataFrame (see :func:`sdpthermo.frames.table`)."""
    from sdpthermo.frames import table as _table

    return _table(problem_id, **kwargs)


_API = {"question": "sdpthermo.registry.core", "Param": "sdpthermo.registry.params",
        "ParamKind": "sdpthermo.registry.params",
        "verifier": "sdpthermo.certify.base", "solve_sdp": "sdpthermo.conic",
        "ValidationError": "sdpthermo.errors", "SolveOptions": "sdpthermo.sdp.options",
        "Result": "sdpthermo.results", "Outputs": "sdpthermo.registry.outputs", "Role": "sdpthermo.registry.outputs"}


def __getattr__(name: str) -> Any:
    """The public API beyond :func:`solve`, imported lazily (``import sdpthermo`` stays light)."""
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'sdpthermo' has no attribute {name!r}")


__all__ = ["Outputs", "Param", "ParamKind", "Result", "Role", "SolveOptions", "ValidationError", "__version__",
           "describe", "question", "questions", "solve", "solve_sdp", "table", "verifier"]
