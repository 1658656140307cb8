"""``flambeau.special``: PyTorch's special functions (``expit``, ``erf*``, ``gammaln`` …)."""
