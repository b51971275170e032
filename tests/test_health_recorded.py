"""The training-health monitor on the histories recorded by notebook 03's classroom run:
it must flag the failing learning rate and stay silent on the two working ones."""

import json
from pathlib import Path

import pytest

from helpers.training import TrainingHealth

RECORDED = json.loads((Path(__file__).with_name("data") / "nb03_histories.json").read_text())["runs"]


def replay(history):
    monitor = TrainingHealth(verbose=False)  # the defaults the notebooks use
    epochs = len(history["d_loss"])
    for epoch in range(epochs):
        logs = {key: values[epoch] for key, values in history.items()}
        if not monitor.check(epoch + 1, logs):
            break
    return monitor


def test_recorded_runs_are_complete():
    assert set(RECORDED) == {"T-shirt/top lr 0.0002", "T-shirt/top lr 0.0005", "T-shirt/top lr 0.01"}
    assert len(RECORDED["T-shirt/top lr 0.0002"]["d_loss"]) == 100
    assert {"acc_real", "acc_fake", "diversity", "d_acc"} <= set(RECORDED["T-shirt/top lr 0.01"])


def test_failing_learning_rate_is_flagged():
    monitor = replay(RECORDED["T-shirt/top lr 0.01"])
    kinds = [w.split(":")[0] for w in monitor.warnings]
    assert "same_verdict" in kinds, monitor.warnings


@pytest.mark.parametrize("run", ["T-shirt/top lr 0.0002", "T-shirt/top lr 0.0005"])
def test_working_learning_rates_are_not_flagged(run):
    assert replay(RECORDED[run]).warnings == []
