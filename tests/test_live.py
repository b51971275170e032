"""The training view: one picture updated in place, log lines as text, curves that know the loss."""

import keras
import numpy as np
import pytest
import tiny_gans

import helpers
from helpers import live, plots
from helpers.gan import GAN

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


def test_one_picture_updated_in_place_ends_as_the_saved_figure(tmp_path, shown, capsys):
    gan = image_gan()
    grid = helpers.ProgressGrid(tmp_path / "grids", 4, every=1)
    run = helpers.train_gan(
        gan, images(), epochs=3, batch_size=20, checkpoint=tmp_path / "run", callbacks=[grid], live=True, health=False
    )
    kinds = [kind for kind, _ in shown]
    assert kinds[0] == "display" and set(kinds[1:]) == {"update"}, kinds  # one output, updated in place
    assert all(obj.format == "png" and obj.data.startswith(PNG) for _, obj in shown)  # no widget needed
    assert shown[-1][1].data == (tmp_path / "run" / "live_view.png").read_bytes()  # the last state is saved
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"Checkpoints: {helpers.shown_path(tmp_path / 'run')}"  # where the run is kept
    assert printed[1:] == run.log and len(printed) == 4  # then the log lines only, no progress bar
    assert all(line.startswith("epoch ") for line in printed[1:])


def test_log_lines_every_tenth_of_the_run(capsys):
    view = live.TrainingView(epochs=50, show=False)
    for epoch in range(50):
        view.on_epoch_end(epoch, {"d_loss": 1.0, "g_loss": 1.0, "acc_real": 0.5, "acc_fake": 0.6})
    epochs = [int(line.split()[1].split("/")[0]) for line in capsys.readouterr().out.splitlines()]
    assert epochs == [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]
    assert "D right on real 50%, on fake 60%" in view.log[-1]


def test_the_picture_is_redrawn_at_most_every_few_seconds(shown):
    view = live.TrainingView(epochs=50, redraw_every=3600.0, show=True)
    view.set_model(image_gan())
    view.on_train_begin()
    for epoch in range(50):
        view.on_epoch_end(epoch, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 1  # once, however fast the epochs come
    view.on_train_end()
    assert view.draws == 2 and len(shown) == 2  # and the final figure, in the same output
    assert "left" not in view.status() and "50/50 epochs in" in view.status()


def test_slow_pictures_are_drawn_less_often(shown):
    view = live.TrainingView(epochs=50, redraw_every=0.0, show=True)
    view.set_model(image_gan())
    view._draw_seconds = 1.0  # a draw that takes a second...
    view._last_draw = live.time.monotonic() - 5.0  # ...5 s ago: the next waits until 20 s have passed
    view.on_epoch_end(0, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 0
    view._last_draw -= 16.0
    view.on_epoch_end(1, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 1 and "about" in view.status() and "left" in view.status()


def test_the_sample_grid_follows_the_generator():
    gan = image_gan()
    view = live.TrainingView(epochs=4, show=False)
    view.set_model(gan)
    before = view._sample_grid()
    gan.generator.layers[0].kernel.assign(gan.generator.layers[0].kernel * -3)
    assert before.dtype == np.uint8 and not np.array_equal(view._sample_grid(), before)


def test_a_point_generator_has_curves_only():
    g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    view = live.TrainingView(epochs=2, show=False)
    view.set_model(GAN(g, d, 2))
    assert view._sample_grid() is None and view.png().startswith(PNG)


def test_a_restored_run_shows_its_final_figure(tmp_path, shown):
    helpers.train_gan(
        image_gan(), images(), epochs=2, batch_size=20, checkpoint=tmp_path / "run", live=False, health=False
    )
    assert shown == []  # live=False: nothing displayed
    (tmp_path / "run" / "live_view.png").unlink()
    helpers.train_gan(
        image_gan(), images(), epochs=2, batch_size=20, checkpoint=tmp_path / "run", live=True, health=False
    )
    assert len(shown) == 1 and shown[0][1].data == (tmp_path / "run" / "live_view.png").read_bytes()


def test_the_loss_kind_comes_from_the_gan_and_travels_with_the_history(tmp_path):
    class CriticGAN(GAN):
        loss_kind = "wasserstein"

    assert plots.loss_kind_of(image_gan()) == "cross-entropy"
    g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    gan = CriticGAN(g, d, 2)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    run = helpers.train_gan(
        gan, np.zeros((40, 3), "float32"), epochs=1, batch_size=20, checkpoint=tmp_path / "c", live=False, health=False
    )
    assert run.loss_kind == "wasserstein"


def test_clock_reads_naturally():
    assert [live.clock(s) for s in (5, 119, 150, 9000)] == ["5 s", "119 s", "2.5 min", "2.5 h"]


def test_a_quiet_run_prints_nothing_shows_nothing_and_keeps_its_log(tmp_path, capsys, monkeypatch, shown):
    """Many small runs summed up in one table (notebook 08's lab) print and show nothing of their
    own, even inside a kernel, where a run would otherwise show its live view."""
    monkeypatch.setattr(live, "in_kernel", lambda: True)
    helpers.train_gan(image_gan(), images(), epochs=1, batch_size=20, checkpoint=tmp_path / "loud", health=False)
    assert shown, "inside a kernel a run that is not quiet shows its live view"
    shown.clear()
    capsys.readouterr()
    run = helpers.train_gan(image_gan(), images(), epochs=2, batch_size=20, checkpoint=tmp_path / "run", quiet=True)
    assert capsys.readouterr().out == ""
    assert shown == []
    assert len(run.log) == 2 and run.log[0].startswith("epoch ")
