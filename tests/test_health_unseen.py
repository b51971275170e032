"""The training-health monitor on fresh runs it was not tuned on (its thresholds were set on
notebook 03's Fashion-MNIST runs): notebook 01's spiral GAN with another seed, healthy, with a
sigmoid output, with an over-strong discriminator and with a generator that ignores its input.
benchmarks/health_monitor_check.py runs more seeds and reports how often the monitor is right."""

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
    "health_monitor_check", Path(__file__).resolve().parent.parent / "benchmarks" / "health_monitor_check.py"
)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


@pytest.mark.parametrize("kind", list(check.EXPECTED))
def test_monitor_gives_the_right_verdict_on_an_unseen_run(kind):
    said = check.verdict(kind, seed=100, epochs=60)  # as in the benchmark
    expected = check.EXPECTED[kind]
    if expected:
        assert expected <= said, f"{kind}: the monitor said {sorted(said) or 'nothing'}"
    else:
        assert said == set(), f"a healthy run was flagged: {sorted(said)}"
