"""Writing what a notebook produced: metrics.json and saved models."""

from __future__ import annotations

import json
import math
from pathlib import Path

import keras

from .conditional import latent_size
from .course import atomic_write_bytes, shown_path


def _plain(value):
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def save_metrics(out_dir, *, verbose: bool = True, **metrics) -> None:
    """Write ``metrics.json`` in ``out_dir`` (numbers rounded to 6 significant digits); ``verbose``: say so."""
    for key in ("epochs", "train_seconds"):
        if key not in metrics:
            raise ValueError(f"metrics.json must record {key!r}; pass it to save_metrics().")

    def rounded(v):
        return float(f"{v:.6g}") if isinstance(v, float) else v

    clean = {k: rounded(_plain(v)) for k, v in metrics.items()}
    path = Path(out_dir) / "metrics.json"
    atomic_write_bytes(path, (json.dumps(clean, indent=2) + "\n").encode())
    # Only the name: the numbers are for comparing runs (benchmarks/, the README), not the lesson.
    if verbose:
        print(f"Saved {len(clean)} numbers of this run to {shown_path(path)}")


def load_keras_model(path, what: str = "model"):
    """Load a ``.keras`` file in safe mode (no code from the file is run), with clear errors."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"No {what} at {path}. Run the training cells first (they save it there), or check the path."
        )
    if path.suffix != ".keras":
        raise ValueError(f"{path} is not a .keras file; save models with model.save('name.keras').")
    try:
        return keras.saving.load_model(path, safe_mode=True, compile=False)
    except Exception as exc:
        raise ValueError(
            f"Could not read {path} ({type(exc).__name__}: {str(exc)[:200]}). The file is damaged or "
            f"was not written by model.save(); delete it and run the training cells again."
        ) from None


def load_generator(path, latent_dim: int | None = None):
    """Load a generator saved as ``.keras`` in safe mode; with ``latent_dim``, check it takes latent vectors
    of that size. Call a conditional one through ``helpers.conditional.generate(generator, labels)``."""
    model = load_keras_model(path, "generator")
    if latent_dim is not None:
        expected = latent_size(model)
        if expected != latent_dim:
            raise ValueError(
                f"The generator in {path} takes latent vectors of size {expected}, not {latent_dim}. "
                f"Use latent_dim={expected} (the value it was trained with)."
            )
    return model
