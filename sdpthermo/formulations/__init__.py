"""Layer 7: one module per SDP — ``build_*`` (constraints labelled by paper equation) and ``solve_*``."""
