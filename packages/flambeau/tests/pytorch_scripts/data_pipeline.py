"""A data pipeline written for PyTorch (random split, weighted sampling, worker processes drawing random
augmentations, a generator of its own); run with the library to import as its argument."""
import importlib
import json
import sys

torch = importlib.import_module(sys.argv[1])
data = importlib.import_module(sys.argv[1] + ".utils.data")


class NoisyRange(data.Dataset):
    """Item i is i plus noise drawn in whichever process loads it."""

    def __len__(self):
        return 40

    def __getitem__(self, index):
        return torch.rand(2) + index


def main():
    torch.manual_seed(1)
    train, val = data.random_split(NoisyRange(), [30, 10])
    sampler = data.WeightedRandomSampler(torch.rand(30), num_samples=20)
    in_workers = data.DataLoader(train, batch_size=5, sampler=sampler, num_workers=2)
    generator = torch.Generator().manual_seed(7)
    in_process = data.DataLoader(val, batch_size=4, shuffle=True, generator=generator)
    report = {
        "val_indices": list(val.indices),
        "worker_batches": [batch.tolist() for batch in in_workers],
        "process_batches": [batch.tolist() for batch in in_process],
        "bernoulli": torch.bernoulli(torch.full((8,), 0.3)).tolist(),
        "multinomial": torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 6, replacement=True).tolist(),
        "exponential": torch.empty(3).exponential_(2.0).tolist(),
        "randint": torch.randint(-5, 5, (6,), generator=generator).tolist(),
    }
    print(json.dumps(report))


if __name__ == "__main__":     # worker processes may import this file again
    main()
