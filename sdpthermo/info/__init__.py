"""Layer 2: closed-form information quantities (numpy/scipy only)."""
