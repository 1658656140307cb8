"""Printing as a PyTorch script's log shows it: tensors of many dtypes, sizes and value ranges, results
with grad_fn, named-tuple results, dtypes/devices/sizes; run with the library to import as its argument.
Random values are drawn in float64, so that the log does not depend on which float32 normal kernel
PyTorch's build picks for the CPU (forced capabilities can change a printed last digit)."""
import importlib
import sys

torch = importlib.import_module(sys.argv[1])


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64).float()


def main():
    torch.manual_seed(0)
    x = randn(3, 4).requires_grad_()
    y = (x * 2).sum(1)
    shown = [
        x, y, y.grad_fn.name(), torch.arange(2000), randn(30, 30), torch.tensor([1e-8, 1e10]),
        torch.tensor([True, False]), torch.zeros(2, 0),
        (x.dtype, x.shape, x.device, x.size(1), x.stride(), x.is_leaf, y.is_leaf, y.requires_grad),
        torch.tensor(3.5), torch.tensor([1, 2], dtype=torch.uint8),
        torch.randn(2, dtype=torch.complex128).to(torch.complex64),
        torch.max(x, 1), torch.sort(torch.tensor([3, 1, 2])),
        torch.tensor([[1.5, float("nan")], [float("inf"), -0.0]]), torch.tensor([1, 2, 3]) / 3,
        torch.tensor([1e-3, 1.0, 100.0]), torch.tensor([123456789.0]), torch.full((2, 2), 7, dtype=torch.int32),
        torch.randn(2, 3, dtype=torch.float64), randn(2, 2).half(), x.detach()[0],
        torch.linalg.eigh(torch.tensor([[2.0, 1.0], [1.0, 2.0]])), torch.topk(torch.tensor([5.0, 1.0, 3.0]), 2),
        (torch.tensor([]).shape, torch.tensor([])), (repr(torch.float16), torch.int64, torch.device("cpu")),
        torch.Size([2, 3]), randn(4, 4, 4), torch.ones(3, requires_grad=True) * 1, torch.arange(6).view(2, 3).t(),
        torch.tensor([0.1, 0.25], dtype=torch.float64) * 1e6, torch.tensor([1e-5, 1e-6]),
        (torch.tensor(2, dtype=torch.int8), torch.tensor(True), torch.tensor(1 + 2j)),
        torch.arange(12.0).reshape(3, 4)[:, 1:3], torch.empty(0, 3, dtype=torch.int64),
        torch.unique(torch.tensor([3, 1, 3, 2]), return_counts=True), torch.randperm(5),
    ]
    for value in shown:
        if type(value) is tuple:       # several values on one line
            print(*value)
        else:
            print(value)
    torch.set_printoptions(precision=2)
    print(randn(3))
    torch.set_printoptions(profile="default")
    print(randn(3))


if __name__ == "__main__":
    main()
