"""Run by tests/test_reliability.py in a subprocess: a short, resumable MLP GAN training.

    python tests/resume_worker.py OUT_DIR EPOCHS SLEEP_PER_EPOCH
Writes OUT_DIR/final.npz with the final weights and the full history.
"""

import sys
import time
from pathlib import Path

import keras
import numpy as np
from tiny_gans import tiny_gan

import helpers  # noqa: F401
from helpers.training import train_gan

out, epochs, pause = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
x, _ = helpers.make_spiral(200, seed=5)
gan = tiny_gan(seed=5, hidden=16)  # seeds everything first
g, d = gan.generator, gan.discriminator
slow = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: time.sleep(pause))
result = train_gan(
    gan, x, epochs=epochs, batch_size=20, checkpoint=out / "ckpt", seed=5, checkpoint_seconds=0, callbacks=[slow]
)
weights = {f"w{i}": w for i, w in enumerate(g.get_weights() + d.get_weights())}
np.savez(out / "final.npz", **weights, **{f"h_{k}": np.array(v) for k, v in result.history.items()})
print("finished", result.resumed_from, result.epochs_run, flush=True)
