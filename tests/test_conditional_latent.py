"""Notebooks 06 and 07: the conditional GAN, asking for classes, conditioning accuracy, the
latent explorers and the helpers they use."""

import base64
import io

import keras
import numpy as np
import pytest
from pictures import binary_buffers, shown_png

import helpers
from helpers.cgan import ConditionalGAN, build_cgan_discriminator, build_cgan_generator
from helpers.conditional import check_labels, conditioning_accuracy, generate, num_classes_of
from helpers.data import epoch_batches


def label_painter(latent_dim=4, num_classes=10):
    """A conditional 'generator' whose 28x28 image is flat at brightness (y / 9) * 2 - 1: its
    class can be read back exactly from the pixels."""
    z = keras.Input((latent_dim,))
    y = keras.Input((), dtype="int32")
    embedding = keras.layers.Embedding(num_classes, 1, embeddings_initializer=keras.initializers.Constant(0.0))
    flat = keras.layers.Dense(28 * 28, kernel_initializer="ones", bias_initializer="zeros")(embedding(y))
    # z is wired in with zero weights (a model must use all its inputs), so it adds exactly 0
    ignored = keras.layers.Dense(28 * 28, kernel_initializer="zeros", use_bias=False)(z)
    image = keras.layers.Reshape((28, 28, 1))(keras.layers.Add()([flat, ignored]))
    model = keras.Model([z, y], image)
    embedding.embeddings.assign(np.linspace(-1, 1, num_classes)[:, None].astype("float32"))
    return model


class PixelJudge:
    """Reads the class from the brightness, except that it calls every 3 a 5."""

    def predict(self, images, verbose=0):
        classes = np.rint(np.asarray(images).mean(axis=(1, 2, 3)) * 9).astype(int)
        classes[classes == 3] = 5
        return np.eye(10)[classes]


def test_check_labels_accepts_good_labels_and_explains_bad_ones():
    assert check_labels([0, 9, 3], 10).tolist() == [0, 9, 3]
    assert check_labels(np.array([1.0, 2.0]), 10).dtype == np.int32
    assert check_labels(4, 10).tolist() == [4]
    with pytest.raises(ValueError, match="Class 10 does not exist: this generator knows classes 0..9"):
        check_labels([1, 10], 10)
    with pytest.raises(ValueError, match="Class -1 does not exist"):
        check_labels([-1], 10)
    with pytest.raises(ValueError, match="3 labels for 2 images"):
        check_labels([1, 2, 3], 10, n=2)
    with pytest.raises(ValueError, match="1-D array"):
        check_labels([[1, 2]], 10)
    with pytest.raises(ValueError, match="whole numbers"):
        check_labels([2.5], 10)
    with pytest.raises(ValueError, match="whole numbers"):
        check_labels(["seven"], 10)


def test_generate_checks_the_latent_size_and_gives_one_image_per_label():
    g = label_painter()
    assert num_classes_of(g) == 10
    images = generate(g, [0, 9])
    assert images.shape == (2, 28, 28, 1)
    assert images[0].max() == pytest.approx(-1) and images[1].min() == pytest.approx(1)
    with pytest.raises(ValueError, match=r"z must have shape \(2, 4\)"):
        generate(g, [0, 9], z=np.zeros((2, 5)))
    with pytest.raises(ValueError, match="Class 12 does not exist"):
        generate(g, [12])
    with pytest.raises(ValueError, match="not a conditional generator"):
        num_classes_of(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]))


def test_conditioning_accuracy_counts_asked_for_against_judged_per_class():
    result = conditioning_accuracy(label_painter(), PixelJudge(), n_per_class=5, seed=0)
    expected = [1.0] * 10
    expected[3] = 0.0  # every 3 is judged a 5
    assert result["per_class"] == expected
    assert result["overall"] == pytest.approx(0.9)
    assert result["confusion"][3, 5] == 5 and result["confusion"].sum() == 50


def test_the_conditional_gan_trains_with_labels_resumes_and_draws_a_row_per_class(tmp_path):
    helpers.set_seed(0)
    x = np.random.default_rng(0).uniform(-1, 1, (64, 28, 28, 1)).astype("float32")
    y = np.arange(64) % 10
    gan = ConditionalGAN(build_cgan_generator(8), build_cgan_discriminator(), 8, seed=0)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5)
    )
    run = helpers.TrainingRun(gan, x, 2, 16, tmp_path / "ckpt", labels=y)
    grid = helpers.SampleGrid(run, every=1)
    history = gan.fit(run.dataset, epochs=2, steps_per_epoch=run.steps, verbose=0, callbacks=[run.checkpoint, grid])
    assert len(history.history["d_loss"]) == 2 and np.isfinite(history.history["g_loss"]).all()
    assert grid.frames[-1][1].shape == (100, 28, 28, 1)  # ten of each class: a row per class
    assert helpers.grids.fixed_labels(20, 10).tolist() == sorted(list(range(10)) * 2)
    again = ConditionalGAN(build_cgan_generator(8), build_cgan_discriminator(), 8, seed=0)
    again.compile(
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5)
    )
    restored = helpers.TrainingRun(again, x, 2, 16, tmp_path / "ckpt", labels=y)
    assert restored.epoch == 2 and restored.history == run.history
    z = np.zeros((3, 8), "float32")
    np.testing.assert_allclose(
        generate(again.generator, [1, 2, 3], z=z), generate(gan.generator, [1, 2, 3], z=z), atol=1e-6
    )


def test_a_run_asks_for_labels_only_where_they_belong(tmp_path):
    x = np.zeros((32, 28, 28, 1), "float32")
    cgan = ConditionalGAN(build_cgan_generator(8), build_cgan_discriminator(), 8)
    cgan.compile(d_optimizer=keras.optimizers.Adam(), g_optimizer=keras.optimizers.Adam())
    with pytest.raises(ValueError, match="conditional: pass the images' class labels"):
        helpers.TrainingRun(cgan, x, 1, 16, tmp_path / "a")
    with pytest.raises(ValueError, match="Class 11 does not exist"):
        helpers.TrainingRun(cgan, x, 1, 16, tmp_path / "b", labels=np.full(32, 11))
    with pytest.raises(ValueError, match="31 labels for 32 images"):
        helpers.TrainingRun(cgan, x, 1, 16, tmp_path / "c", labels=np.zeros(31, int))
    from helpers.gan import GAN
    from helpers.models import build_dcgan_discriminator, build_dcgan_generator

    gan = GAN(build_dcgan_generator(8, (28, 28, 1)), build_dcgan_discriminator((28, 28, 1)), 8)
    gan.compile(d_optimizer=keras.optimizers.Adam(), g_optimizer=keras.optimizers.Adam())
    with pytest.raises(ValueError, match="not conditional"):
        helpers.TrainingRun(gan, x, 1, 16, tmp_path / "d", labels=np.zeros(32, int))


def test_epoch_batches_keep_each_image_with_its_label():
    labels = np.arange(40) % 10
    x = np.broadcast_to(labels[:, None, None, None], (40, 2, 2, 1)).astype("float32")
    for images, batch_labels in epoch_batches(x, 8, seed=3, labels=labels).take(10):
        np.testing.assert_array_equal(images.numpy()[:, 0, 0, 0], batch_labels.numpy())


def test_a_saved_conditional_generator_reloads_safely_and_checks_its_latent_size(tmp_path):
    path = tmp_path / "generator.keras"
    g = build_cgan_generator(8)
    g.save(path)
    loaded = helpers.load_generator(path, latent_dim=8)
    z = np.random.default_rng(0).standard_normal((2, 8))
    np.testing.assert_allclose(
        loaded.predict([z, np.array([1, 7])], verbose=0), g.predict([z, np.array([1, 7])], verbose=0), atol=1e-6
    )
    with pytest.raises(ValueError, match="takes latent vectors of size 8, not 100"):
        helpers.load_generator(path, latent_dim=100)


def png_shape(data: bytes):
    import imageio.v2 as imageio

    return imageio.imread(io.BytesIO(data)).shape


def png_median(data: bytes) -> float:
    import imageio.v2 as imageio

    return float(np.median(imageio.imread(io.BytesIO(data))))


def test_latent_explorer_moves_the_image_with_a_slider_and_has_a_static_view(tmp_path):
    g = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(28 * 28, activation="tanh"), keras.layers.Reshape((28, 28, 1))]
    )
    directions = np.eye(4)[:2]
    explorer = helpers.latent_explorer(
        g, np.zeros(4), directions, names=["a", "b"], steps=5, path=tmp_path / "explorer.png"
    )
    before = shown_png(explorer)
    assert png_shape(before)[:2] == (32 * 6, 32 * 6)  # one 28 x 28 image in a 2-pixel border, each pixel 6 x 6
    explorer.controls["a"].value = 2.5
    assert shown_png(explorer) != before
    explorer.controls["a"].value = 0.0
    assert shown_png(explorer) == before
    assert binary_buffers(explorer.widget) == []  # no bytes travel as binary comm buffers
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    static = base64.b64decode(bundle["image/png"])
    assert static == (tmp_path / "explorer.png").read_bytes()
    height, width, _ = png_shape(static)
    assert width > 2 * height  # 2 rows of 5 images
    with pytest.raises(ValueError, match="latent vectors of size 4"):
        helpers.latent_explorer(g, np.zeros(5), directions)


def test_class_picker_shows_the_chosen_class_and_a_row_per_class_statically():
    picker = helpers.class_picker(label_painter(), [str(c) for c in range(10)], n=4)
    first = shown_png(picker)
    picker.controls["class"].value = 7
    seventh = shown_png(picker)
    assert png_median(seventh) < png_median(first) - 100  # class 7 is painted brighter, shown darker (gray_r)
    picker.controls["seed"].value = 1
    assert shown_png(picker) == seventh  # other latent vectors, which the label painter ignores
    assert binary_buffers(picker.widget) == []
    height, width, _ = png_shape(picker.static_png)
    assert height > 2 * width  # 10 rows of 4 images
    with pytest.raises(ValueError, match="3 class names for a generator of 10 classes"):
        helpers.class_picker(label_painter(), ["a", "b", "c"])


def test_mnist_test_split_offline_and_no_test_split_for_mixed_samples(data_dir, no_download):
    x, y = helpers.load_images("mnist", split="test", verbose=False)
    assert len(x) == 10000 and y[:5].tolist() == [7, 2, 1, 0, 4]
    with pytest.raises(ValueError, match="has no test split"):
        helpers.load_images("fashion_mnist", split="test", verbose=False)
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        helpers.load_images("mnist", split="validation")


def test_rows_and_lines_figures_are_saved(tmp_path):
    helpers.show_rows({"a": np.zeros((3, 8, 8)), "b": np.ones((2, 8, 8))}, tmp_path / "rows.png", title="t")
    helpers.plot_lines(np.arange(5), {"x": np.arange(5.0)}, band=(1, 2), logy=True, path=tmp_path / "lines.png")
    assert (tmp_path / "rows.png").stat().st_size > 0 and (tmp_path / "lines.png").stat().st_size > 0
    with pytest.raises(ValueError, match="at least one"):
        helpers.show_rows({})


def test_held_out_images_are_the_tenth_a_judge_never_trained_on(data_dir, no_download):
    from helpers.quality import held_out_images

    x_all, y_all = helpers.load_images("mnist", limit=500, seed=3, verbose=False)
    x, y = held_out_images("mnist", limit=500, seed=3)
    assert len(x) == 50
    np.testing.assert_array_equal(x, x_all[:50])
    np.testing.assert_array_equal(y, y_all[:50])


def test_the_conditional_discriminator_s_verdict_depends_on_the_label():
    """Notebook 07's D(x | y) at its random start: the same images judged with each of the ten
    labels get ten different verdicts (a D whose label input were ignored would give one)."""
    helpers.set_seed(0)
    d = build_cgan_discriminator()
    x = np.random.default_rng(0).uniform(-1, 1, (8, 28, 28, 1)).astype("float32")
    verdicts = np.stack([d.predict([x, np.full(8, c)], verbose=0)[:, 0] for c in range(10)], axis=1)  # (8, 10)
    np.testing.assert_array_equal(verdicts[:, 3], d.predict([x, np.full(8, 3)], verbose=0)[:, 0])  # repeatable
    spread = verdicts.max(axis=1) - verdicts.min(axis=1)  # small at the start (about 2e-4), but never 0
    assert (spread > 1e-5).all(), spread
    assert all(len(np.unique(row)) == 10 for row in verdicts)


def test_the_conditional_generator_s_image_depends_on_the_label():
    """G(z | y): one z with each of the ten labels gives ten different images; the same label
    twice gives the same image."""
    helpers.set_seed(0)
    g = build_cgan_generator(8)
    z = np.tile(np.random.default_rng(0).standard_normal((1, 8)), (11, 1))
    images = generate(g, list(range(10)) + [4], z=z)
    np.testing.assert_array_equal(images[4], images[10])
    differences = [np.abs(images[a] - images[b]).mean() for a in range(10) for b in range(a + 1, 10)]
    assert min(differences) > 1e-5, min(differences)  # about 2e-4 at the start; 0 if y were ignored
