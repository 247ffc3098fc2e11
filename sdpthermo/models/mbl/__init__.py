"""The disordered Heisenberg chain of seed 002 §IV: magnetization sectors, the Hamiltonian and the
D_max robustness pipeline by sector exact diagonalization.
"""
