"""Run by tests/test_reliability.py in a subprocess: a short, resumable MLP GAN training, as a
notebook's training cell writes it, with a plain callback of a student's (no checkpoint methods).

    python tests/resume_worker.py OUT_DIR EPOCHS SLEEP_PER_EPOCH
Writes OUT_DIR/final.npz with the final weights and the full history.
"""

import sys
import time
from pathlib import Path

import keras
import numpy as np
from tiny_gans import tiny_gan

import helpers

out, epochs, pause = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
x, _ = helpers.make_spiral(200, seed=5)
gan = tiny_gan(seed=5, hidden=16)  # seeds everything first
g, d = gan.generator, gan.discriminator


class MyNumber(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        logs["my_number"] = float(np.mean(self.model.generator(np.ones((2, 4), "float32"))))
        time.sleep(pause)


run = helpers.TrainingRun(gan, x, epochs, 20, out / "run", seed=5)
run.checkpoint.every_seconds = 0
start = run.epoch
history = gan.fit(
    run.dataset,
    epochs=epochs,
    initial_epoch=run.epoch,
    steps_per_epoch=run.steps,
    verbose=0,
    callbacks=[run.checkpoint, MyNumber(), helpers.HealthMonitor(run)],
)
weights = {f"w{i}": w for i, w in enumerate(g.get_weights() + d.get_weights())}
np.savez(out / "final.npz", **weights, **{f"h_{k}": np.array(v) for k, v in history.history.items()})
print(f"finished: fit() trained epochs {start} to {run.epoch}", flush=True)
