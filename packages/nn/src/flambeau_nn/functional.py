"""Stateless neural-network ops with PyTorch's ``torch.nn.functional`` API.

Will hold activations, convolutions, pooling, normalization, dropout, losses and embedding
lookups; ``flambeau_nn`` layers call these. Empty until the nn issue fills it in.
"""

__all__: list[str] = []
