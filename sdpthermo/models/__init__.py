"""Layer 3: states, Hamiltonians, channels and physics pipelines."""
