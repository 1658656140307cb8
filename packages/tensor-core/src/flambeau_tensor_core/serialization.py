"""save/load in a format that never executes code; reading PyTorch .pt zip files and safetensors."""

__all__: list[str] = []
