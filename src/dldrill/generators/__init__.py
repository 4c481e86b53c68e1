"""Question generators: one module per family that samples parameters and builds a variant (issue 5)."""
