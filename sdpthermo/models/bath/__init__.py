"""Bath size (seed 002): thermalizing a region with ``n - 1`` bath copies (swap, convex-split and
random-unitary channels) and the energy subspace condition.
"""
