"""The interactive pieces: the explorers, the epoch scrubber and the GAN playground.
Each is driven here as a front-end would drive it (moving a slider, clicking a button) and must
change its picture; each must also leave a static PNG for front-ends without widgets."""

import base64

import numpy as np
import pytest
from pictures import PNG, binary_buffers, shown_png

import helpers
from helpers.playground import GANPlayground, gan_playground, snapshots_png
from helpers.rings import ring_modes_covered, ring_on_modes, sample_2d


def static_view(explorer, path) -> bytes:
    """What a front-end without widgets shows: the bundle's PNG, which must be the static view
    saved at ``path`` and not the live picture; and the widget view must point at the widget."""
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    static = base64.b64decode(bundle["image/png"])
    assert static.startswith(PNG) and static == path.read_bytes() and static != shown_png(explorer)
    return static


def test_epoch_scrubber_moves_through_the_saved_grids(tmp_path):
    rng = np.random.default_rng(0)
    frames = [(e, rng.uniform(-1, 1, (25, 8, 8, 1))) for e in (1, 10, 20, 30)]
    scrubber = helpers.epoch_scrubber(frames, path=tmp_path / "scrub.png")
    slider = scrubber.controls["epoch"]
    assert [label for label, _ in slider.options] == ["1", "10", "20", "30"] and slider.value == 3
    last = shown_png(scrubber)
    slider.value = 0
    assert shown_png(scrubber) != last
    slider.value = 3
    assert shown_png(scrubber) == last
    assert binary_buffers(scrubber.widget) == []  # no bytes travel as binary comm buffers
    static_view(scrubber, tmp_path / "scrub.png")
    with pytest.raises(ValueError, match="SampleGrid"):
        helpers.epoch_scrubber([])


def test_sample_2d_and_mode_coverage():
    rng = np.random.default_rng(0)
    ring = sample_2d("ring", 2000, rng)
    assert ring.shape == (2000, 2) and np.allclose(np.linalg.norm(ring, axis=1).mean(), 2.0, atol=0.05)
    assert ring_modes_covered(ring) == 8
    one_mode = ring[np.linalg.norm(ring - [2.0, 0.0], axis=1) < 0.3]
    assert ring_modes_covered(one_mode) == 1
    assert ring_modes_covered(np.zeros((100, 2))) == 0  # the centre is no mode
    assert ring_on_modes(ring) > 0.99 and ring_on_modes(np.zeros((100, 2))) == 0.0
    assert ring_on_modes(np.concatenate([ring[:100], np.zeros((100, 2))])) == 0.5  # half of the points between modes
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
    picture = shown_png(explorer)
    c["step"].click()
    assert p.steps == 5 and shown_png(explorer) != picture
    picture = shown_png(explorer)
    c["run"].value += 1  # one tick of the play button
    assert p.steps == 10 and shown_png(explorer) != picture
    picture = shown_png(explorer)
    c["run"].value = 0  # the stop button: no extra steps
    assert p.steps == 10 and shown_png(explorer) == picture
    c["d_steps"].value = 2
    assert p.d_steps == 2 and shown_png(explorer) != picture  # the caption names the setting
    picture = shown_png(explorer)
    c["lr_d"].value = 1e-2
    assert np.isclose(p.lr_d, 1e-2) and shown_png(explorer) != picture
    c["reset"].click()
    assert p.steps == 0
    picture = shown_png(explorer)
    c["data"].value = "spiral"
    assert p.data == "spiral" and p.steps == 0 and shown_png(explorer) != picture
    assert binary_buffers(explorer.widget) == []
    # Without widgets: the snapshots after 0 and 20 steps with the same settings, not the live picture.
    assert static_view(explorer, tmp_path / "playground.png") == snapshots_png(GANPlayground(), (0, 20))


def test_the_playground_s_static_view_is_trained_once_per_settings(tmp_path, monkeypatch):
    first = gan_playground(static_at=(0, 20), path=tmp_path / "playground.png")
    trained = []  # the steps of every training, counted without touching the code the cache key hashes
    real = GANPlayground.step
    monkeypatch.setattr(GANPlayground, "step", lambda self, n=1: trained.append(n) or real(self, n))
    again = gan_playground(static_at=(0, 20), path=tmp_path / "playground.png")
    assert trained == [] and again.static_png == first.static_png  # reused, not trained again
    gan_playground(static_at=(0, 20), lr_d=1e-2, path=tmp_path / "playground.png")
    assert sum(trained) == 20  # other settings: trained and drawn anew
