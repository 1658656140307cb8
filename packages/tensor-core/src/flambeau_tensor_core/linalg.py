"""``flambeau.linalg``: PyTorch's linear-algebra namespace (matrix norms, solvers, decompositions)."""
