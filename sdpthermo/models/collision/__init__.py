r"""Collisional thermalization of a qubit chain (seed 003): model, scattering, maps, Lindblad dynamics.

Modules, one concept each:

* :mod:`.chain` — the chain Hamiltonian ``H(eps)`` of Eq. (64), its eigenbasis, bands and Bohr frequencies;
* :mod:`.scattering` — the delta-interaction scattering matrices ``s^(+-)(E)`` of Eqs. (C1)–(C2);
* :mod:`.incident` — the effusion distribution Eq. (40) and the incident state Eq. (41);
* :mod:`.quadrature` — the panel quadrature over the outgoing kinetic energy;
* :mod:`.maps` — exact (Eq. 38), narrow-packet (Eq. 45) and local (Eqs. 54–56) collision maps;
* :mod:`.lindblad` — the Poissonian Lindblad equation (71), its steady state and evolution (with ``H = 0`` and a
  random-unitary map: seed 002's collision master equation, App. A);
* :mod:`.observables` — Gibbs and local references, populations, band ratio and map diagnostics (Figs. 2–4).

Units ``hbar = k_B = 1``.
"""
