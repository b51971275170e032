"""The fast paths keep the numbers: one compiled call per epoch, and mixed precision.

Speed itself is measured in benchmarks/, never here."""

import keras
import numpy as np
import pytest
from tiny_gans import fit_run

import helpers
from helpers.data import epoch_batches
from helpers.models import build_dcgan_discriminator, build_dcgan_generator
from helpers.quality import float32_policy


def weights(gan):
    return gan.generator.get_weights() + gan.discriminator.get_weights()


def test_a_run_trains_an_epoch_per_call_with_the_same_numbers(tmp_path, capsys, tiny_gan):
    x, _ = helpers.make_spiral(200, seed=0)
    per_batch = tiny_gan()
    assert per_batch.steps_per_execution == 1
    reference = per_batch.fit(epoch_batches(x, 25, seed=0), epochs=3, steps_per_epoch=8, verbose=0)

    per_epoch = tiny_gan()
    _, history, _ = fit_run(per_epoch, x, 3, tmp_path / "run", batch_size=25)
    assert per_epoch.steps_per_execution == 8  # 200 // 25 batches in one call
    assert all(np.array_equal(a, b) for a, b in zip(weights(per_batch), weights(per_epoch)))
    assert history.history["d_loss"] == reference.history["d_loss"]


def test_a_steps_per_execution_set_in_compile_is_kept(tmp_path, capsys, tiny_gan):
    x, _ = helpers.make_spiral(200, seed=0)
    gan = tiny_gan()
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3), steps_per_execution=4)
    fit_run(gan, x, 1, tmp_path / "run", batch_size=25)
    assert gan.steps_per_execution == 4


@pytest.fixture
def restore_policy():
    saved = keras.mixed_precision.global_policy().name
    yield
    keras.mixed_precision.set_global_policy(saved)


def test_mixed_precision_dcgan_keeps_images_and_probabilities_in_float32(restore_policy):
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    g, d = build_dcgan_generator(16, (28, 28, 1)), build_dcgan_discriminator((28, 28, 1))
    assert g.layers[1].compute_dtype == "bfloat16"  # the arithmetic is bfloat16 ...
    assert all(w.dtype == "float32" for w in g.weights + d.weights)  # ... the weights are not
    images = g(np.zeros((2, 16), "float32"), training=False)
    assert images.dtype == "float32" and d(images, training=False).dtype == "float32"


def test_float32_policy_restores_the_global_policy(restore_policy):
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    with pytest.raises(RuntimeError):
        with float32_policy():
            assert keras.mixed_precision.global_policy().name == "float32"
            raise RuntimeError("fails inside")
    assert keras.mixed_precision.global_policy().name == "mixed_bfloat16"


def test_the_quality_judge_stays_float32_under_mixed_precision(data_dir, tmp_path, capsys, restore_policy):
    from helpers.quality import classifier, feature_classifier

    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    for _ in range(2):  # trained, then loaded from its cache
        judge = feature_classifier("mnist", tmp_path, epochs=1, limit=300, seed=0)
        assert {layer.compute_dtype for layer in judge.layers if layer.weights} == {"float32"}
    whole = classifier("mnist", tmp_path, epochs=1, limit=300, seed=0)  # the same cached file
    assert len(list(tmp_path.glob("classifier_mnist_*.keras"))) == 1
    probabilities = whole.predict(np.zeros((2, 28, 28, 1), "float32"), verbose=0)
    assert probabilities.shape == (2, 10) and probabilities.dtype == "float32"
    np.testing.assert_allclose(probabilities.sum(1), 1, rtol=1e-5)
    assert keras.mixed_precision.global_policy().name == "mixed_bfloat16"
