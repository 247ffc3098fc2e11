"""Collision benchmarks (issue 4, seed 003).

1. Building the exact collision map, Eq. (38): the vectorized panel quadrature over the outgoing kinetic
   energy (all d^4 entries at once) vs a straightforward per-entry ``scipy.integrate.quad`` loop over the
   momentum of Eq. (38) (thresholds passed as break points).  The loop is timed on a random subset of
   entries and extrapolated to all d^4 entries; its agreement with the vectorized result is reported.
2. Steady state and evolution of the Liouvillian (71) vs QuTiP's ``steadystate`` and ``mesolve`` on the
   same Liouvillian (column-stacked for QuTiP), with agreement, for the exact map (Eq. 38) and the narrow
   map (Eq. 45).  The narrow map is covariant, so ``L`` splits into the sectors of ``n_i - n_j``
   (:func:`~sdpthermo.models.collision.lindblad.liouvillian_sectors`); the exact map is not (one sector).

Floors: the LAPACK/BLAS calls of the method alone, on the real form of ``L`` split into its sectors.  Steady
state: the LU of the sector holding the populations (``d^2`` without structure), in single precision where the
method refines a single-precision LU (sectors of at least ``REFINE_MIN`` coordinates), in double precision
otherwise.  Evolution: that LU (the stationary part is split off) plus, per sector that ``rho0 =
|0..0><0..0|`` meets (the others stay zero), the cheaper of one real ``expm`` and the ``K`` matrix-vector
products of the Chebyshev expansion to ``t = 20`` (``K`` from the Bessel tail, about ``||A||_1 t + 80``).
Times are the best of 7 samples on both sides (the shared machine only ever adds time).
Run: ``python benchmarks/run.py collision`` (``--full``: 8 sampled quad entries at N = 4 instead of 2).
Ratios are measured in one run.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
from scipy.integrate import quad
from scipy.linalg.lapack import sgetrf
from threadpoolctl import threadpool_limits

from benchmarks.common import Record, best_time, once, row
from sdpthermo.models.collision import lindblad
from sdpthermo.models.collision.chain import chain_hamiltonian, chain_spectrum, probe_coupling
from sdpthermo.models.collision.incident import incident_kernel
from sdpthermo.models.collision.lindblad import evolve, liouvillian_sectors, poisson_liouvillian, steady_state
from sdpthermo.models.collision.maps import choi_from_tensor, collision_tensor, rotate_tensor
from sdpthermo.models.collision.scattering import scattering_matrices

PAPER = {"g": 50.0, "m": 0.1, "beta": 0.1, "sigma_p": 0.5}


def quad_entry(en: np.ndarray, v: np.ndarray, j: int, k: int, jp: int, kp: int) -> complex:
    """``S^{jk}_{j'k'}`` of Eq. (38) by adaptive quad in ``p`` (the naive per-entry formulation)."""
    m, g, beta, sig = PAPER["m"], PAPER["g"], PAPER["beta"], PAPER["sigma_p"]
    djj, dkk = en[jp] - en[j], en[kp] - en[k]
    dd = djj - dkk
    pinf = np.sqrt(2 * m * max(0.0, djj, dd))
    pts = sorted({float(np.sqrt(2 * m * (en[lev] - e0))) for lev in range(en.size) for e0 in (en[j], en[kp] - djj)
                  if 2 * m * (en[lev] - e0) > pinf**2})
    total = 0.0j
    for alpha in (0, 1):
        def f(p: float, part: int, alpha: int) -> float:
            pi = np.sqrt(max(p * p - 2 * m * dd, 0.0))
            if pi <= 0:
                return 0.0
            a1 = scattering_matrices(np.array(p * p / (2 * m) + en[j]), en, v, m, g)[alpha][jp, j]
            a2 = scattering_matrices(np.array(p * p / (2 * m) - djj + en[kp]), en, v, m, g)[alpha][kp, k]
            val = incident_kernel(p, pi, beta, m, sig) * np.sqrt(p / pi) * a1 * np.conj(a2)
            return float(val.real if part == 0 else val.imag)
        for part in (0, 1):
            total += (1j if part else 1.0) * quad(f, pinf, pinf + 60, args=(part, alpha), points=pts or None,
                                                  limit=400, epsabs=1e-12, epsrel=1e-10)[0]
    return total


def bench_map(n: int, sample: int, rng: np.random.Generator) -> tuple[Record, np.ndarray]:
    sp = chain_spectrum(n, 4.0, 0.1)
    v = sp.vectors.T @ probe_coupling(n) @ sp.vectors
    d = sp.dim
    t_ours, (tensor, err, nodes) = once(lambda: collision_tensor(sp.energies, v, **PAPER, narrow=False))
    idx = [tuple(int(x) for x in rng.integers(0, d, 4)) for _ in range(sample)]
    t_sample, vals = once(lambda: [quad_entry(sp.energies, v, *i) for i in idx])
    dev = max(abs(tensor[i] - q) for i, q in zip(idx, vals))
    t_loop = t_sample / sample * d**4
    print(row(f"N={n} (d^4={d**4}, nodes={nodes})", t_ours, t_loop, t_loop / t_ours, dev, err,
              widths=(34, 12, 14, 12, 12, 12)))
    return Record("collision", f"exact map Eq. (38), N={n} (d^4={d**4} entries)", t_ours,
                  "per-entry scipy quad loop", t_loop, agreement=f"max|diff| {dev:.1e} (quad err est {err:.1e})",
                  note=f"1 call; loop extrapolated from {sample} entries"), tensor


def bench_dynamics(n: int, kind: str, cm_tensor: np.ndarray) -> list[Record]:
    """Steady state and evolution for the map ``kind`` given by its tensor in the eigenbasis of ``H(eps)``."""
    import qutip

    sp = chain_spectrum(n, 4.0, 0.1)
    choi = choi_from_tensor(rotate_tensor(cm_tensor, sp.vectors))
    lv = poisson_liouvillian(chain_hamiltonian(n, 4.0, 0.1), choi, 1.0)
    d = sp.dim
    l_col = lv.reshape(d, d, d, d).transpose(1, 0, 3, 2).reshape(d * d, d * d)
    lq = qutip.Qobj(l_col, dims=[[[d], [d]], [[d], [d]]], superrep="super")
    ours = steady_state(lv).rho
    theirs = qutip.steadystate(lq).full()
    dev_ss = float(np.max(np.abs(ours - theirs)))
    assert dev_ss < 1e-12, dev_ss
    t_ss, t_qss = best_time(lambda: steady_state(lv)), best_time(lambda: qutip.steadystate(lq))
    pop = liouvillian_sectors(lv, support=np.arange(d) * (d + 1)).blocks[0].real_form(lv)
    rhs = pop[:, 0].copy()
    if pop.shape[0] >= lindblad.REFINE_MIN:
        pop32 = pop.astype(np.float32)
        t_lu = best_time(lambda: sgetrf(pop32))
        lu_name = "single-precision real LU"
    else:
        t_lu = best_time(lambda: np.linalg.solve(pop, rhs))
        lu_name = "real LU"
    rho0 = np.zeros((d, d), complex)
    rho0[0, 0] = 1.0
    sec = liouvillian_sectors(lv, support=np.array([0]))                 # the sectors |0..0><0..0| meets
    gens = [b.real_form(lv) for b in sec.blocks]
    times = np.linspace(0.0, 20.0, 21)
    ev = evolve(lv, rho0, times)
    opts = {"atol": 1e-14, "rtol": 1e-12, "nsteps": 10**6}
    q_states = qutip.mesolve(lq, qutip.Qobj(rho0), times, options=opts).states
    dev_ev = max(float(np.max(np.abs(a - b.full()))) for a, b in zip(ev, q_states))
    assert dev_ev < 1e-10, dev_ev
    t_ev = best_time(lambda: evolve(lv, rho0, times))
    t_qev = best_time(lambda: qutip.mesolve(lq, qutip.Qobj(rho0), times, options=opts), repeat=5)
    dt = times[1] - times[0]
    kernels = []
    for g in gens:
        vec = np.ones(g.shape[0])
        order = lindblad._chebyshev_order(float(np.abs(g).sum(axis=0).max()) * times[-1], lindblad.CHEB_TAIL)
        t_matvecs = order * best_time(lambda g=g, vec=vec: g @ vec)
        kernels.append(min(best_time(lambda g=g: sla.expm(g * dt)), t_matvecs))
    t_expm = t_lu + sum(kernels)
    sizes = "+".join(str(k) for k in sec.sizes)
    name = {"exact": "exact map", "narrow": "narrow map (covariant)"}[kind]
    print(row(f"N={n} {kind} steady state", t_ss, t_qss, t_qss / t_ss, dev_ss, widths=(34, 12, 14, 12, 12)))
    print(row(f"N={n} {kind} evolution (21 times)", t_ev, t_qev, t_qev / t_ev, dev_ev, widths=(34, 12, 14, 12, 12)))
    return [Record("collision", f"steady state of L (71), {name}, N={n}", t_ss, "qutip.steadystate", t_qss,
                   f"{lu_name} of the population sector, size {pop.shape[0]} of d^2={d * d}", t_lu,
                   f"max|diff| {dev_ss:.1e}", "best of 7"),
            Record("collision", f"evolution exp(L t), {name}, N={n}, 21 times t<=20", t_ev, "qutip.mesolve", t_qev,
                   f"steady-state LU + per sector of rho0 the cheaper of one real expm and K Chebyshev "
                   f"matvecs, sizes {sizes} of d^2={d * d}", t_expm,
                   f"max|diff| {dev_ev:.1e}", "best of 7 (mesolve 5); mesolve atol 1e-14, rtol 1e-12")]


def _eig(n: int) -> tuple[np.ndarray, np.ndarray]:
    sp = chain_spectrum(n, 4.0, 0.1)
    return sp.energies, sp.vectors.T @ probe_coupling(n) @ sp.vectors


def main(full: bool = False) -> list[Record]:
    rng = np.random.default_rng(4)
    out = []
    with threadpool_limits(1):
        print("exact collision map Eq. (38): vectorized panel quadrature vs per-entry scipy.quad loop (extrapolated)")
        print(row("instance", "ours [s]", "quad loop [s]", "loop/ours", "max |diff|", "quad err est",
                  widths=(34, 12, 14, 12, 12, 12)))
        exact = {}
        for n, sample in ((3, 24), (4, 8 if full else 2)):
            rec, exact[n] = bench_map(n, sample, rng)
            out.append(rec)
        print()
        print("Liouvillian (71): steady state (real LU) and evolution (expm steps or Chebyshev) vs QuTiP "
              "steadystate / mesolve")
        print(row("instance", "ours [s]", "qutip [s]", "qutip/ours", "max |diff|", widths=(34, 12, 14, 12, 12)))
        for n in (3, 4):
            narrow, _, _ = collision_tensor(*_eig(n), **PAPER, narrow=True)
            out += bench_dynamics(n, "exact", exact[n])
            out += bench_dynamics(n, "narrow", narrow)
    return out


if __name__ == "__main__":
    main()
