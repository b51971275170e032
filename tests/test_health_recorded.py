"""The training-health monitor on the histories recorded by notebook 03's classroom run.

The six T-shirt study runs (learning rate 2e-4 or 5e-4, seeds 42, 43, 44; first 30 epochs) were
labelled by looking at their samples (outputs/03_fashion_mnist_gan/samples_*.png): both seed-42
runs failed (blotches, and at 5e-4 all samples alike), the four others make T-shirts. The monitor,
replayed on the recorded numbers with the notebooks' default settings, must flag exactly the
failing runs, and never a working one.
"""

import json
from pathlib import Path

import pytest

from helpers.training import TrainingHealth

RECORDED = json.loads((Path(__file__).with_name("data") / "nb03_histories.json").read_text())["runs"]
FAILED = {"t-shirt-top_lr0.0002_seed42_e30", "t-shirt-top_lr0.0005_seed42_e30"}
WORKED = {f"t-shirt-top_lr{lr}_seed{seed}_e30" for lr in ("0.0002", "0.0005") for seed in (43, 44)}


def replay(history):
    monitor = TrainingHealth(verbose=False)
    for epoch in range(len(history["d_loss"])):
        if not monitor.check(epoch + 1, {key: values[epoch] for key, values in history.items()}):
            break
    return monitor


def test_recorded_runs_are_the_six_study_runs():
    assert set(RECORDED) == FAILED | WORKED
    assert all(len(h["d_loss"]) == 30 for h in RECORDED.values())
    assert all({"d_acc", "acc_real", "acc_fake", "diversity"} <= set(h) for h in RECORDED.values())


@pytest.mark.parametrize("run", sorted(FAILED))
def test_failing_runs_are_flagged(run):
    kinds = {w.split(":")[0] for w in replay(RECORDED[run]).warnings}
    assert "d_wins" in kinds, kinds


@pytest.mark.parametrize("run", sorted(WORKED))
def test_working_runs_are_not_flagged(run):
    assert replay(RECORDED[run]).warnings == []
