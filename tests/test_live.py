"""The training view: one picture updated in place, log lines as text, curves that know the loss."""

import time

import keras
import numpy as np
import pytest
import tiny_gans

import helpers
from helpers import callbacks, plots
from helpers.gan import GAN
from helpers.training import clock

PNG = b"\x89PNG"


def image_gan(seed=0):
    return tiny_gans.tiny_gan(seed, image_shape=(8, 8, 1), lr=1e-2)


def images(n=60, seed=0):
    x = np.random.default_rng(seed).uniform(-1, 1, (n, 8, 8, 1)).astype("float32")
    x[:, 2:6, 2:6] = 1.0
    return x


@pytest.fixture
def shown(monkeypatch):
    """Capture what the view displays, as a Jupyter kernel would receive it."""
    calls = []

    class Handle:
        def update(self, obj):
            calls.append(("update", obj))

    def display(obj, display_id=None):
        calls.append(("display", obj))
        return Handle() if display_id else None

    import IPython.display

    monkeypatch.setattr(IPython.display, "display", display)
    return calls


def fit_image_gan(folder, epochs=3, callbacks=(), **view):
    gan = image_gan()
    run = helpers.TrainingRun(gan, images(), epochs, 20, folder)
    liveview = helpers.LiveView(run, **view)
    history = gan.fit(
        run.dataset,
        epochs=epochs,
        initial_epoch=run.epoch,
        steps_per_epoch=run.steps,
        verbose=0,
        callbacks=[run.checkpoint, *callbacks, liveview],
    )
    return run, history, liveview


def test_one_picture_updated_in_place_ends_as_the_saved_figure(tmp_path, shown, capsys):
    fit_image_gan(tmp_path / "run", show=True)
    kinds = [kind for kind, _ in shown]
    assert kinds[0] == "display" and set(kinds[1:]) == {"update"}, kinds  # one output, updated in place
    assert all(obj.format == "png" and obj.data.startswith(PNG) for _, obj in shown)  # no widget needed
    assert shown[-1][1].data == (tmp_path / "run" / "live_view.png").read_bytes()  # the last state is saved
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"Checkpoints go to {helpers.shown_path(tmp_path / 'run')}: none yet")
    assert len(printed) == 4 and all(line.startswith("epoch ") for line in printed[1:])  # no progress bar


def view_of(epochs, gan=None, x=None, **settings):
    """A LiveView called as fit() calls it (with Keras' History after it), without training."""
    import tempfile

    gan = gan or image_gan()
    run = helpers.TrainingRun(gan, images() if x is None else x, epochs, 20, tempfile.mkdtemp(), verbose=False)
    view = helpers.LiveView(run, **settings)
    return view, keras.callbacks.CallbackList([view], add_history=True, model=gan)


def test_log_lines_every_tenth_of_the_run(capsys):
    view, fit = view_of(50, show=False)
    fit.on_train_begin()
    for epoch in range(50):
        fit.on_epoch_end(epoch, {"d_loss": 1.0, "g_loss": 1.0, "acc_real": 0.5, "acc_fake": 0.6})
    lines = capsys.readouterr().out.splitlines()
    assert [int(line.split()[1].split("/")[0]) for line in lines] == [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]
    assert "D right on real 50%, on fake 60%" in lines[-1]


def test_the_picture_is_redrawn_at_most_every_few_seconds(shown):
    view, fit = view_of(50, redraw_every=3600.0, show=True)
    fit.on_train_begin()
    for epoch in range(50):
        fit.on_epoch_end(epoch, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 1  # once, however fast the epochs come
    fit.on_train_end()
    assert view.draws == 2 and len(shown) == 2  # and the final figure, in the same output
    assert "left" not in view.status() and "50/50 epochs in" in view.status()


def test_slow_pictures_are_drawn_less_often(shown):
    view, fit = view_of(50, redraw_every=0.0, show=True)
    fit.on_train_begin()
    view.run.session_seconds = 1.0
    view._draw_seconds = 1.0  # a draw that takes a second...
    view._last_draw = time.monotonic() - 5.0  # ...5 s ago: the next waits until 20 s have passed
    fit.on_epoch_end(0, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 0
    view._last_draw -= 16.0
    fit.on_epoch_end(1, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 1 and "about" in view.status() and "left" in view.status()


def test_the_sample_grid_follows_the_generator():
    view, fit = view_of(4, show=False)
    fit.on_train_begin()
    before = view.png()
    layer = view.run.gan.generator.layers[0]
    layer.kernel.assign(layer.kernel * -3)
    assert before.startswith(PNG) and view.png() != before


def test_a_point_generator_has_curves_only(tiny_gan):
    view, fit = view_of(2, gan=tiny_gan(), x=np.zeros((40, 3), "float32"), show=False)
    fit.on_train_begin()
    assert view.z is None and view.png().startswith(PNG)


def test_a_restored_run_shows_its_final_figure_and_prints_its_log(tmp_path, shown, capsys):
    fit_image_gan(tmp_path / "run", show=False)
    assert shown == []  # show=False: nothing displayed
    trained = [line.rsplit("  (", 1)[0] for line in capsys.readouterr().out.splitlines() if line.startswith("epoch")]
    (tmp_path / "run" / "live_view.png").unlink()
    fit_image_gan(tmp_path / "run", show=True)
    assert len(shown) == 1 and shown[0][1].data == (tmp_path / "run" / "live_view.png").read_bytes()
    printed = capsys.readouterr().out.splitlines()
    assert "Restored epoch 3 of 3" in printed[0] and "the run is finished" in printed[0]
    assert printed[1:] == trained  # the log lines of the run, from its restored history


def test_a_sample_grid_keeps_its_frames_in_the_run_folder(tmp_path):
    """Frames survive a restart as files in the run's folder; files from epochs after the last
    checkpoint (a run killed between them) are not counted as this run's."""
    gan = image_gan()
    run = helpers.TrainingRun(gan, images(), 3, 20, tmp_path / "run")
    grid = helpers.SampleGrid(run, every=2, first=True)
    gan.fit(run.dataset, epochs=3, steps_per_epoch=run.steps, verbose=0, callbacks=[run.checkpoint, grid])
    assert [e for e, _ in grid.frames] == [1, 2, 3]  # first, every 2, last
    assert sorted(p.name for p in (tmp_path / "run").glob("grid_e*.png")) == [f"grid_e00{e}.png" for e in (1, 2, 3)]
    restored = helpers.SampleGrid(helpers.TrainingRun(image_gan(), images(), 3, 20, tmp_path / "run"), every=2)
    assert [e for e, _ in restored.frames] == [1, 2, 3] and restored.frames[0][1].shape == (25, 8, 8, 1)
    np.testing.assert_array_equal(restored.frames[-1][1], grid.frames[-1][1])
    (tmp_path / "run" / "frames" / "e009.npy").write_bytes((tmp_path / "run" / "frames" / "e003.npy").read_bytes())
    assert [e for e, _ in helpers.SampleGrid(run, every=2).frames] == [1, 2, 3]  # e009: not this run's yet
    with pytest.raises(ValueError, match="No frames"):
        helpers.make_gif(
            helpers.SampleGrid(helpers.TrainingRun(image_gan(), images(), 3, 20, tmp_path / "new"), every=2).frames,
            tmp_path / "x.gif",
        )


def test_the_loss_kind_comes_from_the_gan_and_travels_with_the_history(tmp_path):
    class CriticGAN(GAN):
        loss_kind = "wasserstein"

    assert plots.loss_kind_of(image_gan()) == "cross-entropy"
    g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    gan = CriticGAN(g, d, 2)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    run = helpers.TrainingRun(gan, np.zeros((40, 3), "float32"), 1, 20, tmp_path / "c")
    assert run.loss_kind == "wasserstein" and plots.loss_kind_of(run) == "wasserstein"
    assert not helpers.HealthMonitor(run).verdicts  # a critic's scores are not verdicts


def test_clock_reads_naturally():
    assert [clock(s) for s in (5, 119, 150, 9000)] == ["5 s", "119 s", "2.5 min", "2.5 h"]


def test_a_run_without_a_live_view_shows_and_prints_nothing(tmp_path, capsys, monkeypatch, shown):
    """Many small runs summed up in one table (notebooks 03 and 08) leave LiveView out and pass
    verbose=False: nothing printed or shown, even inside a kernel; with a LiveView it shows."""
    monkeypatch.setattr(callbacks, "in_kernel", lambda: True)
    fit_image_gan(tmp_path / "loud", epochs=1)
    assert shown, "inside a kernel the live view shows by default"
    shown.clear()
    capsys.readouterr()
    gan = image_gan()
    run = helpers.TrainingRun(gan, images(), 2, 20, tmp_path / "quiet", verbose=False)
    monitor = helpers.HealthMonitor(run, verbose=False)
    history = gan.fit(run.dataset, epochs=2, steps_per_epoch=run.steps, verbose=0, callbacks=[run.checkpoint, monitor])
    assert capsys.readouterr().out == "" and shown == []
    assert len(history.history["d_loss"]) == 2
