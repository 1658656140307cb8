"""A small training script written for PyTorch; run with the library to import as its argument."""
import importlib
import json
import sys

torch = importlib.import_module(sys.argv[1])
data = importlib.import_module(sys.argv[1] + ".utils.data")

torch.manual_seed(0)
n, d, h, k = 256, 20, 32, 4
x = torch.randn(n, d)
y = torch.randint(0, k, (n,))
w1 = (torch.randn(d, h) * (2.0 / d) ** 0.5).requires_grad_()
b1 = torch.zeros(h, requires_grad=True)
w2 = torch.empty(h, k).uniform_(-0.1, 0.1).requires_grad_()
b2 = torch.zeros(k, requires_grad=True)
params = [w1, b1, w2, b2]
loader = data.DataLoader(data.TensorDataset(x, y), batch_size=32, shuffle=True)
losses, labels = [], []
for _epoch in range(3):
    for xb, yb in loader:
        hidden = torch.relu(xb @ w1 + b1)
        keep = (torch.rand_like(hidden) > 0.2).float() / 0.8
        logits = (hidden * keep) @ w2 + b2
        loss = (torch.logsumexp(logits, 1) - logits.gather(1, yb[:, None]).squeeze(1)).mean()
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(0.1 * p.grad)
        losses.append(loss.item())
        labels.append(yb.tolist())
print(json.dumps({"losses": losses, "labels": labels, "perm": torch.randperm(10).tolist(),
                  "normal": torch.normal(0.0, 1.0, (3,)).tolist(), "w1": w1.detach()[0, :4].tolist()}))
