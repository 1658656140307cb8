"""Autograd tools as a PyTorch user strings them together (checkpointing a block that draws random
numbers, a gradient penalty through create_graph, functional Jacobians and Hessians, hooks, save and
load through a buffer); run with the library to import as its argument."""
import importlib
import io
import json
import sys

torch = importlib.import_module(sys.argv[1])
checkpoint = importlib.import_module(sys.argv[1] + ".utils.checkpoint").checkpoint
functional = importlib.import_module(sys.argv[1] + ".autograd.functional")


def main():
    torch.manual_seed(3)
    x = torch.randn(16, 5, requires_grad=True)
    w = torch.randn(5, 3, requires_grad=True)

    def block(inputs):
        keep = (torch.rand(inputs.shape[0], 3) > 0.5).float()      # redrawn identically on recompute
        return torch.tanh(inputs @ w) * keep

    y = checkpoint(block, x, use_reentrant=False)
    loss = y.pow(2).sum()
    gx, gw = torch.autograd.grad(loss, [x, w], create_graph=True)
    penalty = gx.pow(2).sum() + gw.pow(2).sum()
    seen = []
    w.register_hook(lambda grad: seen.append(grad.abs().sum().item()))
    penalty.backward()

    point = torch.randn(3, dtype=torch.float64)
    hessian = functional.hessian(lambda v: (v.sin() * v).sum(), point)
    jacobian = functional.jacobian(lambda v: v.cumprod(0), torch.randn(4, dtype=torch.float64))

    buffer = io.BytesIO()
    torch.save({"w": w.detach(), "rows": w.detach()[1:3], "meta": [1, "a", None, 2.5]}, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer)

    print(json.dumps({
        "loss": loss.item(), "penalty": penalty.item(), "x_grad": x.grad.tolist(), "w_grad": w.grad.tolist(),
        "hook": seen, "hessian": hessian.tolist(), "jacobian": jacobian.tolist(),
        "loaded_w": loaded["w"].tolist(), "loaded_rows": loaded["rows"].tolist(), "meta": loaded["meta"],
        "node": type(y.grad_fn).__name__, "after": torch.rand(2).tolist(),
        "printed": str(torch.tensor([[1.5, -2.0], [3.25, 1e-5]])),
    }))


if __name__ == "__main__":
    main()
