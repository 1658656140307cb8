"""Flambeau reads like PyTorch: `import flambeau as torch`, then tensors, dtypes and arithmetic.

Run: `python examples/tensor_basics.py` (with the packages installed, e.g. in `.nox/tests`).
"""
import flambeau as torch
import flambeau.nn.functional as F
import flambeau_nn.functional

torch.manual_seed(0)
x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
y = x * 2 + torch.ones(3)  # broadcasting, PyTorch's type promotion
z = (y > 4).to(torch.int64)

print(x, y, z, sep="\n")
print("y.dtype:", y.dtype, "| z.dtype:", z.dtype, "| shape:", tuple(y.shape))
print("as NumPy:", y.numpy().tolist())
print("flambeau.nn.functional is flambeau_nn.functional:", F is flambeau_nn.functional)
