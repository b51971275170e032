"""Resume after a killed kernel, atomic saves, the health monitor, and wiring errors."""

import json
import math
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import keras
import numpy as np
import pytest
from tiny_gans import fit_run

import helpers
from helpers.course import atomic_write_bytes
from helpers.data import epoch_batches
from helpers.gan import GAN
from helpers.health import HealthMonitor, diversity
from helpers.training import check_models, read_checkpoint

WORKER = Path(__file__).with_name("resume_worker.py")
EPOCHS = 8


@pytest.fixture
def spiral():
    return helpers.make_spiral(100)[0]


def run_worker(out, pause=0.0):
    return subprocess.run(
        [sys.executable, str(WORKER), str(out), str(EPOCHS), str(pause)], capture_output=True, text=True, timeout=300
    )


def test_sigkill_then_resume_matches_uninterrupted_run(tmp_path):
    """A run killed at any moment and started again ends with the weights and the whole history
    (a plain user callback's numbers included) bit-identical to an uninterrupted run."""
    straight = run_worker(tmp_path / "a")
    assert straight.returncode == 0, straight.stderr[-2000:]
    assert "finished: fit() trained epochs 0 to 8" in straight.stdout

    out = tmp_path / "b"
    ckpt = out / "run"
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(out), str(EPOCHS), "0.4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 240
    killed_after = None
    while time.time() < deadline and proc.poll() is None:
        found = read_checkpoint(ckpt) if (ckpt / "checkpoint").exists() else None
        if found is not None and found["epoch"] >= 3:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed_after = read_checkpoint(ckpt)["epoch"]
            break
        time.sleep(0.05)
    assert killed_after is not None, "the worker was not killed mid-run"
    assert 3 <= killed_after < EPOCHS
    assert not (out / "final.npz").exists()

    resumed = run_worker(out)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"Restored epoch {killed_after} of {EPOCHS}" in resumed.stdout
    assert f"fit() continues from epoch {killed_after}" in resumed.stdout
    assert f"finished: fit() trained epochs {killed_after} to {EPOCHS}" in resumed.stdout

    a, b = np.load(tmp_path / "a" / "final.npz"), np.load(out / "final.npz")
    assert sorted(a.files) == sorted(b.files)
    assert len(b["h_d_loss"]) == EPOCHS  # no completed epoch lost, none repeated
    assert len(b["h_my_number"]) == EPOCHS  # the user's callback, which knows nothing of checkpoints
    for key in a.files:
        # Same seed, deterministic ops on CPU, the same data order per epoch and the restored
        # optimiser and latent-generator state: the resumed run is bit-for-bit the same.
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)

    again = run_worker(out)  # re-running the finished cell only restores the result
    assert "the run is finished, fit() has nothing left to train" in again.stdout
    assert f"finished: fit() trained epochs {EPOCHS} to {EPOCHS}" in again.stdout
    np.testing.assert_array_equal(np.load(out / "final.npz")["w0"], a["w0"])


def test_atomic_write_keeps_the_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "checkpoint.npz"
    atomic_write_bytes(target, b"good")

    def die(*args):
        raise KeyboardInterrupt("killed during the rename")

    monkeypatch.setattr(os, "replace", die)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, b"half-written")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint.npz"]  # temp file cleaned up


def test_checkpoint_is_tensorflows_own_format(tmp_path, tiny_gan, spiral):
    """tf.train.CheckpointManager writes ckpt-N files (the newest two are kept) that
    tf.train.Checkpoint restores into the very same variables; the history and the callbacks'
    arrays live beside each one."""
    import tensorflow as tf

    gan = tiny_gan()
    fit_run(gan, spiral, 4, tmp_path)
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("ckpt-4")
    assert sorted(p.name for p in tmp_path.glob("ckpt-*.index")) == ["ckpt-3.index", "ckpt-4.index"]
    assert sorted(p.name for p in tmp_path.glob("ckpt-*.json")) == ["ckpt-3.json", "ckpt-4.json"]
    meta = read_checkpoint(tmp_path)
    assert meta["epoch"] == 4 and len(meta["history"]["d_loss"]) == 4 and meta["seconds"] > 0
    fresh = tiny_gan()
    fresh.generator.set_weights([np.zeros_like(w) for w in fresh.generator.get_weights()])
    epoch = tf.Variable(0, dtype=tf.int64)
    tf.train.Checkpoint(generator=fresh.generator, epoch=epoch).restore(meta["prefix"]).expect_partial()
    assert int(epoch.numpy()) == 4
    for a, b in zip(gan.generator.get_weights(), fresh.generator.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_checkpoint_of_another_model_is_set_aside_not_lost(tmp_path, capsys, tiny_gan, spiral):
    fit_run(tiny_gan(), spiral, 1, tmp_path)
    fit_run(tiny_gan(latent=6), spiral, 1, tmp_path)
    out = capsys.readouterr().out
    assert "different model" in out and "starts from scratch" in out
    aside = list(tmp_path.parent.glob(f"{tmp_path.name}.old-*"))
    assert len(aside) == 1 and (aside[0] / "ckpt-1.index").is_file()  # kept, not deleted
    assert read_checkpoint(tmp_path)["epoch"] == 1  # the new run's own checkpoint


@pytest.mark.parametrize("damage", ["index", "meta", "data"])
def test_corrupt_checkpoint_is_reported_and_set_aside(tmp_path, capsys, damage, tiny_gan, spiral):
    fit_run(tiny_gan(), spiral, 1, tmp_path)
    target = {
        "index": tmp_path / "checkpoint",
        "meta": tmp_path / "ckpt-1.json",
        "data": tmp_path / "ckpt-1.index",
    }[damage]
    target.write_bytes(b"garbage")
    run, history, _ = fit_run(tiny_gan(), spiral, 2, tmp_path)
    assert "damaged" in capsys.readouterr().out and len(history.history["d_loss"]) == 2  # trained from epoch 0
    aside = list(tmp_path.parent.glob(f"{tmp_path.name}.old-*"))
    assert len(aside) == 1 and (aside[0] / target.name).read_bytes() == b"garbage"


def test_wrong_wiring_gives_clear_errors(tiny_gan, spiral, tmp_path):
    gan = tiny_gan()
    with pytest.raises(ValueError, match="latent_dim is 5"):
        check_models(gan.generator, gan.discriminator, 5, (3,))
    with pytest.raises(ValueError, match=r"generator makes samples of shape \(3,\).*\(28, 28, 1\)"):
        check_models(gan.generator, gan.discriminator, 4, (28, 28, 1))
    g2 = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="generator makes samples of shape"):
        check_models(g2, gan.discriminator, 4, (3,))
    d2 = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="discriminator expects inputs of shape"):
        check_models(gan.generator, d2, 4, (3,))
    d3 = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="one probability per sample"):
        check_models(gan.generator, d3, 4, (3,))
    with pytest.raises(ValueError, match="epochs must be"):
        helpers.TrainingRun(gan, spiral, 0, 20, tmp_path)
    with pytest.raises(ValueError, match="Compile the GAN first"):
        helpers.TrainingRun(GAN(gan.generator, gan.discriminator, 4), spiral, 1, 20, tmp_path)
    run = helpers.TrainingRun(gan, spiral, 3, 20, tmp_path)
    with pytest.raises(ValueError, match=r"fit\(epochs=5\) does not match TrainingRun\(epochs=3\)"):
        gan.fit(run.dataset, epochs=5, steps_per_epoch=run.steps, verbose=0, callbacks=[run.checkpoint])


def test_health_flags_a_discriminator_that_wins():
    monitor = HealthMonitor(verbose=False)
    monitor.PATIENCE = 3
    for epoch, acc in enumerate([0.7, 0.99, 1.0, 0.99, 1.0], start=1):
        assert monitor.check(epoch, {"d_loss": 0.1, "g_loss": 3.0, "d_acc": acc})
    assert len(monitor.warnings) == 1 and monitor.warnings[0].startswith("d_wins")
    assert "epoch 4" in monitor.warnings[0]


def test_health_is_quiet_on_a_healthy_run():
    monitor = HealthMonitor(verbose=False)
    monitor.PATIENCE = 3
    rng = np.random.default_rng(0)
    for epoch in range(1, 200):
        logs = {"d_loss": 1.35 + 0.05 * rng.standard_normal(), "g_loss": 0.75, "d_acc": 0.5 + 0.2 * rng.random()}
        assert monitor.check(epoch, logs)
    assert monitor.warnings == []


@pytest.mark.parametrize("loss", [math.nan, math.inf, 1e4])
def test_health_stops_exploding_losses(loss):
    monitor = HealthMonitor(verbose=False)
    assert monitor.check(1, {"d_loss": 1.3, "g_loss": 0.7, "d_acc": 0.5})
    assert not monitor.check(2, {"d_loss": loss, "g_loss": 0.7, "d_acc": 0.5})
    assert "stopped" in monitor.stopped_reason


def test_health_flags_collapse():
    real = np.random.default_rng(0).standard_normal((200, 3))
    monitor = HealthMonitor(verbose=False)
    monitor.real_spread = diversity(real)
    assert monitor.check(1, {"d_acc": 0.6}, samples=real[:64])  # diverse: fine
    assert monitor.warnings == []
    collapsed = np.tile(real[:1], (64, 1)) + 0.001 * real[:64]
    for epoch in range(2, 2 + monitor.PATIENCE - 1):  # a few alike batches: could be early training
        monitor.check(epoch, {"d_acc": 0.6}, samples=collapsed)
    assert monitor.warnings == []
    monitor.check(10, {"d_acc": 0.6}, samples=collapsed)
    assert [w.split(":")[0] for w in monitor.warnings] == ["collapse"]
    assert diversity(real[:64]) > 1 and diversity(collapsed) < 0.01


def test_health_stops_a_nan_run_and_keeps_the_good_checkpoint(tmp_path, tiny_gan, spiral):
    gan = tiny_gan()
    fit_run(gan, spiral, 2, tmp_path)
    good = read_checkpoint(tmp_path)["epoch"]

    def sabotage(epoch, logs=None):  # what an unstable run looks like: a weight turns into NaN
        if epoch == 4:
            kernel = gan.discriminator.layers[-1].kernel
            kernel.assign(np.full(kernel.shape, np.nan, "float32"))

    _, history, monitor = fit_run(
        gan, spiral, 30, tmp_path, callbacks=[keras.callbacks.LambdaCallback(on_epoch_begin=sabotage)]
    )
    assert len(history.history["d_loss"]) < 30 and monitor.stopped_reason
    meta = read_checkpoint(tmp_path)
    assert all(math.isfinite(v) for vs in meta["history"].values() for v in vs)
    assert good == 2 and meta["epoch"] == 4  # epochs 3 and 4 were fine, epoch 5 broke


def test_train_step_runs_unchanged_under_mirrored_strategy():
    worker = Path(__file__).with_name("mirrored_worker.py")
    run = subprocess.run([sys.executable, str(worker)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["replicas"] == 2
    assert report["n_mirrored"] == 8, "every weight of G and D is mirrored on both devices"
    assert report["agree"], "the replicas hold identical weights after training"
    for key, values in report["history"].items():
        assert len(values) == 2 and all(math.isfinite(v) for v in values), key


def test_health_flags_a_discriminator_with_one_verdict_for_everything():
    monitor = HealthMonitor(verbose=False)
    monitor.PATIENCE = 3
    early = {"d_loss": 0.8, "g_loss": 1.5, "d_acc": 0.8, "acc_real": 0.57, "acc_fake": 1.0}
    assert monitor.check(1, early) and monitor.warnings == []  # lopsided but still learning
    dead = {"d_loss": 1.386, "g_loss": 0.693, "d_acc": 0.5, "acc_real": 0.0, "acc_fake": 1.0}
    for epoch in range(2, 5):
        monitor.check(epoch, dict(dead))
    assert [w.split(":")[0] for w in monitor.warnings] == ["same_verdict"]
    assert "every image fake" in monitor.warnings[0]


def test_load_generator_errors(tmp_path):
    gen = keras.Sequential([keras.Input((10,)), keras.layers.Dense(4)])
    gen.save(tmp_path / "generator.keras")
    assert helpers.load_generator(tmp_path / "generator.keras", latent_dim=10).input_shape == (None, 10)
    with pytest.raises(ValueError, match="latent vectors of size 10, not 20.*latent_dim=10"):
        helpers.load_generator(tmp_path / "generator.keras", latent_dim=20)
    with pytest.raises(FileNotFoundError, match="Run the training cells first"):
        helpers.load_generator(tmp_path / "missing.keras")
    (tmp_path / "weights.h5").write_bytes(b"x")
    with pytest.raises(ValueError, match="not a .keras file"):
        helpers.load_generator(tmp_path / "weights.h5")
    corrupt = tmp_path / "corrupt.keras"
    corrupt.write_bytes(b"PK\x03\x04 definitely not a model")
    with pytest.raises(ValueError, match="damaged"):
        helpers.load_generator(corrupt)
    assert corrupt.read_bytes().startswith(b"PK")  # nothing deleted


def test_load_generator_refuses_code_in_the_file(tmp_path):
    """Safe mode: a .keras file with a Lambda layer (arbitrary Python) is refused, not run."""
    gen = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda t: t * 2)])
    gen.save(tmp_path / "lambda.keras")
    with pytest.raises(ValueError, match="Could not read"):
        helpers.load_generator(tmp_path / "lambda.keras")


def dcgan_pair(seed):
    """A small generator/discriminator with the DCGAN ingredients: transposed convolutions,
    batch normalisation, ReLU / LeakyReLU, tanh output."""
    helpers.set_seed(seed)
    init = keras.initializers.RandomNormal(0.0, 0.02, seed=seed)
    g = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(4 * 4 * 16, use_bias=False, kernel_initializer=init),
            keras.layers.Reshape((4, 4, 16)),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.Conv2DTranspose(8, 5, strides=2, padding="same", use_bias=False, kernel_initializer=init),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.Conv2DTranspose(1, 5, strides=2, padding="same", activation="tanh", kernel_initializer=init),
        ]
    )
    d = keras.Sequential(
        [
            keras.Input((16, 16, 1)),
            keras.layers.Conv2D(8, 5, strides=2, padding="same", kernel_initializer=init),
            keras.layers.LeakyReLU(0.2),
            keras.layers.Conv2D(16, 5, strides=2, padding="same", kernel_initializer=init),
            keras.layers.BatchNormalization(),
            keras.layers.LeakyReLU(0.2),
            keras.layers.Flatten(),
            keras.layers.Dense(1, activation="sigmoid", kernel_initializer=init),
        ]
    )
    gan = GAN(g, d, 8, seed=seed)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5)
    )
    return gan


def test_same_seed_same_losses_for_a_dcgan_step():
    """Convolutions, transposed convolutions and batch normalisation included: the same seed
    gives bit-for-bit the same run, another seed another one."""
    x = np.random.default_rng(0).uniform(-1, 1, (64, 16, 16, 1)).astype("float32")
    runs = []
    for seed in (3, 3, 4):
        gan = dcgan_pair(seed=seed)
        runs.append(gan.fit(epoch_batches(x, 16, seed=seed), epochs=2, steps_per_epoch=4, verbose=0).history)
    for key in runs[0]:
        np.testing.assert_array_equal(runs[0][key], runs[1][key], err_msg=key)
    assert runs[0]["g_loss"] != runs[2]["g_loss"]


def test_changed_settings_or_shorter_run_start_fresh(tmp_path, capsys, tiny_gan, spiral):
    """A checkpoint is only continued by the same model with the same settings: another learning
    rate, other data, or fewer epochs than were saved start from scratch (and keep the old files)."""
    fit_run(tiny_gan(), spiral, 3, tmp_path)
    gan = tiny_gan()
    run, history, _ = fit_run(gan, spiral, 3, tmp_path)
    assert run.epoch == 3 and "the run is finished" in capsys.readouterr().out
    assert len(history.history["d_loss"]) == 3  # fit() returns the whole run's history
    run, history, _ = fit_run(tiny_gan(), spiral, 2, tmp_path)
    assert len(history.history["d_loss"]) == 2 and "longer than the 2 asked for" in capsys.readouterr().out
    other = tiny_gan()
    other.compile(d_optimizer=keras.optimizers.Adam(5e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    fit_run(other, spiral, 3, tmp_path)
    assert "different settings" in capsys.readouterr().out
    assert len(list(tmp_path.parent.glob(f"{tmp_path.name}.old-*"))) == 2
    fit_run(other, spiral + 1.0, 3, tmp_path)
    assert "training data" in capsys.readouterr().out  # e.g. another digit
    assert len(list(tmp_path.parent.glob(f"{tmp_path.name}.old-*"))) == 3
    for changed in [dict(batch_size=25), dict(seed=1)]:  # each would continue another run's batches
        fit_run(other, spiral + 1.0, 3, tmp_path, **changed)
        assert "different model or different settings" in capsys.readouterr().out
    assert len(list(tmp_path.parent.glob(f"{tmp_path.name}.old-*"))) == 5


def test_a_changed_class_setting_or_method_is_another_run(tmp_path, capsys, tiny_gan, spiral):
    """Notebook 08's subclasses change the game by a class attribute (real_target = 0.9) or a
    method: a finished run of the old setting must not be restored as if it were the new one."""

    def gan_of(cls):
        plain = tiny_gan()
        gan = cls(plain.generator, plain.discriminator, 4)
        gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
        return gan

    class Smoothed(GAN):
        real_target = 1.0

    fit_run(gan_of(Smoothed), spiral, 2, tmp_path)
    Smoothed.real_target = 0.9
    fit_run(gan_of(Smoothed), spiral, 2, tmp_path)
    assert "different model or different settings" in capsys.readouterr().out
    Smoothed.sample_latent = lambda self, n: keras.random.uniform((n, self.latent_dim), seed=self.seed_generator)
    fit_run(gan_of(Smoothed), spiral, 2, tmp_path)
    assert "different model or different settings" in capsys.readouterr().out
    fit_run(gan_of(Smoothed), spiral, 2, tmp_path)
    assert "the run is finished" in capsys.readouterr().out  # the same class again: restored


def test_a_resumed_run_must_start_where_its_checkpoint_ends(tmp_path, tiny_gan, spiral):
    """keras-io's fit() has no initial_epoch: left out on a resumed run, the epochs would be
    trained again on top of the restored weights. The checkpoint callback refuses."""
    fit_run(tiny_gan(), spiral, 2, tmp_path)
    gan = tiny_gan()
    run = helpers.TrainingRun(gan, spiral, 4, 20, tmp_path)
    with pytest.raises(ValueError, match=r"fit\(\) starts at epoch 0, the run at 2: pass initial_epoch=run.epoch"):
        gan.fit(run.dataset, epochs=4, steps_per_epoch=run.steps, verbose=0, callbacks=[run.checkpoint])


def test_restored_run_reports_the_same_warnings(tmp_path, tiny_gan, spiral, capsys):
    """Re-running a finished cell restores the run; its health warnings come back too."""
    x = spiral + 5.0  # out of reach of a sigmoid generator: D wins, as in notebook 01
    _, _, first = fit_run(tiny_gan(g_activation="sigmoid", lr=1e-2), x, 12, tmp_path)
    assert [w.split(":")[0] for w in first.warnings] == ["d_wins"]
    capsys.readouterr()
    _, _, restored = fit_run(tiny_gan(g_activation="sigmoid", lr=1e-2), x, 12, tmp_path)
    assert restored.warnings == first.warnings
    assert "[training health] epoch" in capsys.readouterr().out  # said again, not only kept


def test_a_plain_callback_s_numbers_survive_a_restart(tmp_path, tiny_gan, spiral):
    """A student's callback that writes a number into logs needs no checkpoint methods: the number
    is in the history saved with the weights, whatever the callback's place in the list."""

    class Spread(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs["spread"] = float(np.std(self.model.generator(np.ones((4, 4), "float32"))))

    class Disconnect(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 2:
                raise KeyboardInterrupt("Colab disconnected")

    _, straight, _ = fit_run(tiny_gan(), spiral, 5, tmp_path / "a", callbacks=[Spread()])
    with pytest.raises(KeyboardInterrupt):
        fit_run(tiny_gan(), spiral, 5, tmp_path / "b", callbacks=[Disconnect(), Spread()])
    assert read_checkpoint(tmp_path / "b")["history"]["spread"] == straight.history["spread"][:2]
    run, resumed, _ = fit_run(tiny_gan(), spiral, 5, tmp_path / "b", callbacks=[Spread()])
    assert resumed.history["spread"] == straight.history["spread"]  # all 5 epochs, from both sessions


@pytest.fixture
def in_colab(monkeypatch, tmp_path):
    """A fake Colab (google.colab imported) whose Drive would be mounted at tmp_path/drive/MyDrive;
    the folder is not there until the test makes it (drive.mount)."""
    import types

    from helpers import course

    assert course.DRIVE == Path("/content/drive/MyDrive")  # where drive.mount("/content/drive") puts it
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(course, "DRIVE", tmp_path / "drive" / "MyDrive")
    return course.DRIVE


def test_keep_on_drive_does_nothing_outside_colab(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setenv("GAN_COURSE_OUTPUT", "elsewhere")
    assert helpers.keep_on_drive() is None and os.environ["GAN_COURSE_OUTPUT"] == "elsewhere"


def test_keep_on_drive_mounts_drive_and_sends_every_output_there(in_colab, monkeypatch, capsys):
    """The Drive cell: after it, outputs, cached judges and checkpoints all live on Drive, and the
    training cell says so."""
    from helpers.training import where_kept

    mounted = []
    sys.modules["google.colab"].drive = types.SimpleNamespace(
        mount=lambda at: (mounted.append(at), in_colab.mkdir(parents=True))
    )
    monkeypatch.setenv("GAN_COURSE_OUTPUT", "elsewhere")  # so that the test's end restores it
    root = helpers.keep_on_drive()
    assert mounted == [str(in_colab.parent)] and root == in_colab / "gan-course" / "outputs"
    assert "MyDrive/gan-course/outputs/" in capsys.readouterr().out
    out = helpers.output_dir("05_dcgan")
    assert out == root / "05_dcgan" and out.is_dir()
    assert "on Google Drive" in where_kept(out / "cars")  # a run's folder is in the outputs: on Drive


def test_keep_on_drive_explains_a_drive_that_did_not_appear(in_colab):
    sys.modules["google.colab"].drive = types.SimpleNamespace(mount=lambda at: None)  # access refused
    with pytest.raises(RuntimeError, match="KEEP_ON_DRIVE = False"):
        helpers.keep_on_drive()


def test_a_training_in_colab_without_drive_says_its_checkpoints_will_be_lost(in_colab, tmp_path):
    from helpers.training import where_kept

    assert "lost when it is recycled: the Drive cell keeps them" in where_kept(tmp_path / "run")


def test_a_wasserstein_critic_is_not_judged_by_its_verdicts():
    """A critic's scores may all be positive (every image 'called real' at threshold 0) and it
    still works: only the verdict checks are skipped, the collapse and loss checks remain."""
    stuck = {"d_loss": [-0.5] * 8, "g_loss": [1.0] * 8, "acc_real": [1.0] * 8, "acc_fake": [0.0] * 8}
    judge = HealthMonitor(verbose=False)
    judge.replay(stuck)
    assert [w.split(":")[0] for w in judge.warnings] == ["same_verdict"]
    critic = HealthMonitor(verbose=False)
    critic.verdicts = False  # what HealthMonitor(run) sets for a GAN whose loss_kind is "wasserstein"
    critic.replay({**stuck, "diversity": [0.01] * 8})
    assert [w.split(":")[0] for w in critic.warnings] == ["collapse"]
    assert not critic.check(9, {"d_loss": float("nan"), "g_loss": 1.0})
