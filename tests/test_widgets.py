"""The interactive pieces: the live training view, the epoch scrubber and the GAN playground.
Each is driven here as a front-end would drive it (moving a slider, clicking a button) and must
change its picture; each must also leave a static PNG for front-ends without widgets."""

import keras
import numpy as np
import pytest

import helpers
import tiny_gans
from helpers import live
from helpers.gan import GAN
from helpers.playground import GANPlayground, gan_playground, ring_modes_covered, sample_2d

PNG = b"\x89PNG"


def image_gan(seed=0):
    """The tiny image GAN (8x8 grey images, latent size 4) of tests/tiny_gans.py."""
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
        def update(self, bundle, raw=False):
            calls.append(("update", bundle))

    def display(bundle, raw=False, display_id=None):
        calls.append(("display", bundle))
        return Handle() if display_id else None

    import IPython.display

    monkeypatch.setattr(IPython.display, "display", display)
    return calls


def test_live_view_updates_in_place_and_ends_with_a_static_figure(tmp_path, shown):
    gan = image_gan()
    grid = helpers.ProgressGrid(tmp_path / "grids", 4, every=1)
    helpers.train_gan(gan, images(), epochs=3, batch_size=20, checkpoint=tmp_path / "run", callbacks=[grid],
                      live=True, health=False)
    kinds = [kind for kind, _ in shown]
    assert kinds == ["display", "update"], kinds
    first, last = shown[0][1], shown[1][1]
    widget = "application/vnd.jupyter.widget-view+json"
    assert widget in first and "image/png" not in first  # the live widget, nothing static yet
    assert last[widget]["model_id"] == first[widget]["model_id"]  # the same output, updated
    assert "image/png" in last and "at its end" in last["text/plain"]
    saved = (tmp_path / "run" / "live_view.png").read_bytes()
    assert saved.startswith(PNG)


def test_live_view_widget_follows_the_epochs(tmp_path):
    gan = image_gan()
    view = live.LiveTraining(epochs=4, title="demo", every_seconds=0.0, show=False)
    view.set_model(gan)
    view.on_train_begin()
    view.build_widget()  # what on_train_begin does inside a kernel
    curves, samples = view.curves.value, view.samples.value
    assert curves == b""  # nothing to draw before the first epoch
    logs = {"d_loss": 1.3, "g_loss": 0.8, "d_real": 0.6, "d_fake": 0.4}
    view.on_epoch_end(0, logs)
    assert view.bar.value == 1 and view.draws == 1
    assert "epoch 1/4" in view.status.value and "left" in view.status.value
    assert view.curves.value != curves  # the curves were redrawn with the new epoch
    gan.generator.layers[0].kernel.assign(gan.generator.layers[0].kernel * -3)
    view._last_draw = view._last_text = -np.inf  # as if the next epoch came much later
    view.on_epoch_end(1, logs)
    assert view.samples.value != samples  # the fixed batch, resampled from the changed generator
    assert view.history["d_loss"] == [1.3, 1.3]


def test_live_view_redraws_pictures_at_most_every_few_seconds(tmp_path):
    view = live.LiveTraining(epochs=50, every_seconds=3600.0, show=False)
    view.set_model(image_gan())
    view.on_train_begin()
    view.build_widget()
    for epoch in range(49):
        view.on_epoch_end(epoch, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 1  # the pictures once, however fast the epochs come
    assert view.bar.value >= 1 and "left" in view.status.value
    view.on_epoch_end(49, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 2  # and always after the last epoch


def test_slow_pictures_are_drawn_less_often():
    view = live.LiveTraining(epochs=50, every_seconds=0.0, show=False)
    view.set_model(image_gan())
    view.build_widget()
    view._draw_seconds = 1.0  # a draw that takes a second...
    view._last_draw = live.time.monotonic() - 5.0  # ...5 s ago: the next waits until 20 s have passed
    view.on_epoch_end(0, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 0
    view._last_draw -= 16.0
    view.on_epoch_end(1, {"d_loss": 1.0, "g_loss": 1.0})
    assert view.draws == 1


def test_a_restored_run_shows_its_final_view(tmp_path, shown):
    gan = image_gan()
    helpers.train_gan(gan, images(), epochs=2, batch_size=20, checkpoint=tmp_path / "run", live=False, health=False)
    assert shown == []  # live=False: nothing displayed
    (tmp_path / "run" / "live_view.png").unlink()
    again = image_gan()
    helpers.train_gan(again, images(), epochs=2, batch_size=20, checkpoint=tmp_path / "run", live=True, health=False)
    assert len(shown) == 1 and "image/png" in shown[0][1] and "at its end" in shown[0][1]["text/plain"]
    assert (tmp_path / "run" / "live_view.png").read_bytes().startswith(PNG)  # drawn again from the restored run


def test_live_view_of_a_point_generator_has_curves_only():
    g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    view = live.LiveTraining(epochs=2, show=False)
    view.set_model(GAN(g, d, 2))
    view.build_widget()
    assert view.samples is None and view.static_png().startswith(PNG)


def test_clock_reads_naturally():
    assert [live.clock(s) for s in (5, 119, 150, 9000)] == ["5 s", "119 s", "2.5 min", "2.5 h"]


def test_epoch_scrubber_moves_through_the_saved_grids(tmp_path):
    rng = np.random.default_rng(0)
    frames = [(e, rng.uniform(-1, 1, (25, 8, 8, 1))) for e in (1, 10, 20, 30)]
    scrubber = helpers.epoch_scrubber(frames, path=tmp_path / "scrub.png")
    slider = scrubber.controls["epoch"]
    assert [label for label, _ in slider.options] == ["1", "10", "20", "30"] and slider.value == 3
    last = scrubber.image.value
    slider.value = 0
    assert scrubber.image.value != last
    bundle = scrubber._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "image/png" in bundle
    assert (tmp_path / "scrub.png").read_bytes().startswith(PNG)
    with pytest.raises(ValueError, match="ProgressGrid"):
        helpers.epoch_scrubber([])


def test_sample_2d_and_mode_coverage():
    rng = np.random.default_rng(0)
    ring = sample_2d("ring", 2000, rng)
    assert ring.shape == (2000, 2) and np.allclose(np.linalg.norm(ring, axis=1).mean(), 2.0, atol=0.05)
    assert ring_modes_covered(ring) == 8
    one_mode = ring[np.linalg.norm(ring - [2.0, 0.0], axis=1) < 0.3]
    assert ring_modes_covered(one_mode) == 1
    assert ring_modes_covered(np.zeros((100, 2))) == 0  # the centre is no mode
    assert sample_2d("spiral", 10, rng).shape == (10, 2)
    with pytest.raises(ValueError, match="choose one of ring, spiral"):
        sample_2d("moons", 10, rng)


def test_playground_steps_resets_and_repeats():
    p = GANPlayground(seed=3)
    start = [w.copy() for w in p.G.get_weights()]
    p.step(5)
    assert p.steps == 5 and p.d_updates == 5 and len(p.losses) == 5
    assert any(not np.array_equal(a, b) for a, b in zip(start, p.G.get_weights()))
    p.reset()
    assert p.steps == 0 and all(np.array_equal(a, b) for a, b in zip(start, p.G.get_weights()))
    p.step(5)
    q = GANPlayground(seed=3)
    q.step(5)
    assert all(np.array_equal(a, b) for a, b in zip(p.G.get_weights(), q.G.get_weights()))  # repeatable


def test_playground_settings_take_effect():
    p = GANPlayground(seed=0)
    p.set(d_steps=3)
    p.step(2)
    assert p.d_updates == 6 and p.steps == 2
    p.set(lr_d=0.05, lr_g=2e-4)
    assert np.isclose(float(p.opt_d.learning_rate), 0.05) and np.isclose(float(p.opt_g.learning_rate), 2e-4)
    before = [w.copy() for w in p.G.get_weights()]
    p.set(lr_g=1e-9)
    p.step(1)
    assert max(np.abs(a - b).max() for a, b in zip(before, p.G.get_weights())) < 1e-6  # a tiny step moves G by ~nothing
    p.set(loss="saturating")
    assert bool(p.saturating.numpy())
    for bad, match in [(dict(lr_d=0.0), "lr_d"), (dict(d_steps=0), "d_steps"), (dict(loss="wasserstein"), "loss")]:
        with pytest.raises(ValueError, match=match):
            p.set(**bad)
    with pytest.raises(ValueError, match="Unknown 2-D dataset"):
        GANPlayground(data="swiss roll")


def test_playground_widget_buttons_and_sliders_change_the_picture(tmp_path):
    explorer = gan_playground(static_at=(0, 20), steps_per_tick=5, path=tmp_path / "playground.png")
    c, p = explorer.controls, explorer.playground
    assert p.steps == 0  # the static view's training was undone
    picture = explorer.image.value
    c["step"].click()
    assert p.steps == 5 and explorer.image.value != picture
    picture = explorer.image.value
    c["run"].value += 1  # one tick of the play button
    assert p.steps == 10 and explorer.image.value != picture
    c["run"].value = 0  # the stop button: no extra steps
    assert p.steps == 10
    c["d_steps"].value = 2
    c["lr_d"].value = 1e-2
    assert p.d_steps == 2 and np.isclose(p.lr_d, 1e-2)
    c["reset"].click()
    assert p.steps == 0
    c["data"].value = "spiral"
    assert p.data == "spiral" and p.steps == 0
    assert (tmp_path / "playground.png").read_bytes().startswith(PNG)
    assert "image/png" in explorer._repr_mimebundle_()
