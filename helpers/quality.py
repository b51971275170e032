"""An objective number for a GAN's images: Fréchet distance and KID in the features of a cached *classifier
trained on the same dataset's real images* (no InceptionV3 download), each with its **floor** (two disjoint sets
of real images: a perfect generator's score) and a bootstrap sd, which does not cover the judge's own seed
(benchmarks/README.md). ``inception_fid``: the standard FID."""

from __future__ import annotations

import contextlib
import io
import json
import time
import warnings
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from .course import atomic_write, atomic_write_bytes, fingerprint
from .data import load_images
from .plots import to_unit_range
from .saving import load_keras_model


@contextlib.contextmanager
def float32_policy():
    """Build or load models in float32: a judge's score must not depend on the GAN's training precision."""
    saved = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("float32")
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(saved)


def frechet_distance(mu1, sigma1, mu2, sigma2) -> float:
    """||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)), the Fréchet distance between two Gaussians."""
    from scipy import linalg

    mu1, mu2 = np.atleast_1d(mu1).astype("float64"), np.atleast_1d(mu2).astype("float64")
    s1, s2 = np.atleast_2d(sigma1).astype("float64"), np.atleast_2d(sigma2).astype("float64")
    if mu1.shape != mu2.shape or s1.shape != s2.shape:
        raise ValueError(f"Shapes differ: means {mu1.shape} vs {mu2.shape}, covariances {s1.shape} vs {s2.shape}.")
    with warnings.catch_warnings():  # few samples in many dimensions: singular covariances are expected
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        covmean = linalg.sqrtm(s1 @ s2)
    if not np.isfinite(covmean).all():  # nearly singular product: regularise slightly
        eps = np.eye(len(s1)) * 1e-6
        covmean = linalg.sqrtm((s1 + eps) @ (s2 + eps))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(np.real(covmean)))


def frechet_from_features(f1, f2) -> float:
    f1, f2 = np.asarray(f1, "float64"), np.asarray(f2, "float64")
    return frechet_distance(f1.mean(0), np.cov(f1, rowvar=False), f2.mean(0), np.cov(f2, rowvar=False))


def kernel_distance(f1, f2, subsets: int = 10, subset_size: int = 500, seed: int = 0) -> float:
    """KID's formula (in any features): the unbiased squared MMD with the kernel (x.y/d + 1)^3, averaged over
    random subsets; reliable with few samples, and at times slightly negative for one distribution."""
    f1, f2 = np.asarray(f1, "float64"), np.asarray(f2, "float64")
    d = f1.shape[1]
    m = min(subset_size, len(f1), len(f2))
    if m < 2:
        raise ValueError("KID needs at least 2 samples in each set.")
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(subsets):
        x, y = f1[rng.choice(len(f1), m, replace=False)], f2[rng.choice(len(f2), m, replace=False)]
        kxx, kyy, kxy = (x @ x.T / d + 1) ** 3, (y @ y.T / d + 1) ** 3, (x @ y.T / d + 1) ** 3
        values.append(((kxx + kyy) * (1 - np.eye(m))).sum() / (m * (m - 1)) - 2 * kxy.mean())  # off-diagonal
    return float(np.mean(values))


def bootstrap_sd(score, f1, f2, n_boot: int = 50, seed: int = 0) -> float:
    """The standard deviation of ``score(f1, f2)`` over ``n_boot`` bootstrap resamples of both sets."""
    f1, f2 = np.asarray(f1, "float64"), np.asarray(f2, "float64")
    rng = np.random.default_rng(seed)
    draws = (score(f1[rng.integers(0, len(f1), len(f1))], f2[rng.integers(0, len(f2), len(f2))]) for _ in range(n_boot))
    return float(np.std(list(draws), ddof=1))


def ratio(a: dict, b: dict, key: str = "fid_classifier") -> tuple[float, float]:
    """``a[key] / b[key]`` and its sd, r * sqrt((sd_a / a)^2 + (sd_b / b)^2) from the ``key_sd`` as if independent:
    both share their real images, so this sd is on the large (cautious) side."""
    va, vb = a[key], b[key]
    if vb == 0:
        raise ValueError(f"Cannot divide by a {key} of 0.")
    r = va / vb
    rel = np.hypot(a.get(f"{key}_sd", 0.0) / va if va else 0.0, b.get(f"{key}_sd", 0.0) / vb)
    return float(r), float(abs(r) * rel)


def _classifier_network(input_shape, colour: bool):
    """Three blocks of two 3x3 convolutions (32, 64, 128 filters) with batch normalisation, the 128
    ``features``, then the 10 classes. Random shifts (and mirror images of photographs) in training."""
    from keras import layers

    net = [keras.Input(input_shape), *([layers.RandomFlip("horizontal")] if colour else [])]
    net.append(layers.RandomTranslation(0.1, 0.1))
    for i, filters in enumerate([32, 32, 64, 64, 128, 128]):  # three blocks of two convolutions
        net += [layers.Conv2D(filters, 3, padding="same", use_bias=False), layers.BatchNormalization(), layers.ReLU()]
        net += [layers.MaxPooling2D(2), layers.Dropout(0.2)] if i % 2 else []
    net += [layers.GlobalAveragePooling2D(), layers.Dense(128, activation="relu", name="features"), layers.Dropout(0.3)]
    return keras.Sequential([*net, layers.Dense(10, activation="softmax")])


def _fit_classifier(x, y, epochs: int, seed: int):
    """The judge and its held-out accuracy: trained on all but the first tenth, with balanced class
    weights (the offline CIFAR sample is 69 % cars; features must describe every class)."""
    n_val = _held_out_count(len(x))
    keras.utils.set_random_seed(seed)
    model = _classifier_network(x.shape[1:], colour=x.shape[-1] == 3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    weights = {c: len(y) / (10 * n) for c, n in enumerate(np.bincount(y, minlength=10)) if n}
    model.fit(x[n_val:], y[n_val:], epochs=epochs, batch_size=128, class_weight=weights, verbose=0)
    predicted, truth = model.predict(x[:n_val], verbose=0).argmax(1), y[:n_val]
    per_class = [np.mean(predicted[truth == c] == c) for c in range(10) if np.any(truth == c)]
    acc = {"accuracy": float(np.mean(predicted == truth)), "balanced_accuracy": float(np.mean(per_class))}
    return model, {**acc, "held_out_images": int(n_val)}


@float32_policy()  # the judge is the same whatever precision the GAN trains in
def feature_classifier(dataset: str, out_dir, epochs: int = 3, limit: int | None = None, seed=0, verbose=True):
    """``classifier``'s 128 penultimate features of images in [0, 1]. It reports its held-out accuracy:
    a judge must first be good at its own job (a weak one rewards colour statistics, not shapes)."""
    model = classifier(dataset, out_dir, epochs, limit, seed, verbose)
    return keras.Model(model.inputs, model.get_layer("features").output)


@float32_policy()
def classifier(dataset: str, out_dir, epochs: int = 3, limit: int | None = None, seed=0, verbose=True):
    """A CNN trained on all classes of ``dataset``'s real images: images to the ten classes'
    probabilities. Cached in ``out_dir`` under a ``course.fingerprint`` of its code and settings."""
    key = fingerprint(_classifier_network, _fit_classifier, _held_out_count, dataset, epochs, limit, seed)
    path = Path(out_dir) / f"classifier_{dataset}_{key}.keras"
    report = path.with_suffix(".json")  # its held-out accuracy, so a cached judge can show it too
    if not path.is_file():
        started = time.perf_counter()
        x, y = load_images(dataset, limit=limit, seed=seed, verbose=verbose)
        model, acc = _fit_classifier(x, y, epochs, seed)
        with atomic_write(path) as tmp:
            model.save(tmp)
        atomic_write_bytes(report, json.dumps(acc, indent=1).encode())
        if verbose:
            print(
                f"Trained the quality classifier on {len(x) - acc['held_out_images']:,} {dataset} images in "
                f"{(time.perf_counter() - started) / 60:.1f} min: held-out accuracy {acc['accuracy']:.1%}, "
                f"balanced over classes {acc['balanced_accuracy']:.1%}."
            )
        return model
    model = load_keras_model(path, "quality classifier")
    if verbose:
        try:
            acc = json.loads(report.read_text())
            accuracy = (
                f" (held-out accuracy {acc['accuracy']:.1%}, balanced over classes {acc['balanced_accuracy']:.1%})"
            )
        except (OSError, ValueError, KeyError, TypeError):
            accuracy = ""
        print(f"Using the cached quality classifier {path.name}{accuracy}.")
    return model


def held_out_images(dataset: str, limit: int | None = None, seed: int = 0):
    """``(x, y)``: the real images in [0, 1] that the classifier of these settings was *not* trained on."""
    x, y = load_images(dataset, limit=limit, seed=seed, verbose=False)
    n_val = _held_out_count(len(x))
    return x[:n_val], y[:n_val]


def _held_out_count(n: int) -> int:
    """How many of a judge's n images are held out from its training: the first tenth."""
    return n // 10


def features(extractor, images, batch_size: int = 256, scale: str = "auto"):
    """The extractor's features of ``images`` ([0, 1] or [-1, 1], see ``plots.to_unit_range``)."""
    images = to_unit_range(images, scale)
    return np.asarray(extractor.predict(images, batch_size=batch_size, verbose=0), dtype="float64")


def quality_scores(extractor, real, fake, floor_real=None, seed=0, scale="auto", n_boot: int = 50) -> dict:
    """Fréchet distance and KID of ``real`` against ``fake`` and (the floor) disjoint ``floor_real``, in the
    extractor's features, with bootstrap sds (``kid_sd``: KID of up to 1,000 images); sets cut to equal sizes."""
    if isinstance(extractor, dict):
        raise TypeError("quality_scores takes one judge (feature_classifier(...)), not a dict of them.")
    sizes = [len(real), len(fake)] + ([len(floor_real)] if floor_real is not None else [])
    n = min(sizes)
    if len(set(sizes)) > 1:
        print(
            f"Sets of {' / '.join(f'{s:,}' for s in sizes)} images (real / generated"
            f"{' / floor' if floor_real is not None else ''}): scoring the first {n:,} of each, "
            "so that the score and its floor use equal sizes."
        )
        real, fake = real[:n], fake[:n]
        floor_real = floor_real[:n] if floor_real is not None else None
    fr = features(extractor, real, scale=scale)
    scores = {}
    pairs = [("", fake)] + ([("_floor", floor_real)] if floor_real is not None else [])
    for suffix, other in pairs:
        fo = features(extractor, other, scale=scale)
        scores[f"fid_classifier{suffix}"] = frechet_from_features(fr, fo)
        scores[f"fid_classifier{suffix}_sd"] = bootstrap_sd(frechet_from_features, fr, fo, n_boot, seed)
        scores[f"kid{suffix}"] = kernel_distance(fr, fo, seed=seed)
        scores[f"kid{suffix}_sd"] = bootstrap_sd(
            lambda a, b: kernel_distance(a, b, subsets=1, subset_size=1000, seed=seed), fr, fo, n_boot, seed
        )
    return scores


def score_table(scores: dict, title: str = "") -> str:
    """A plain-text table of ``{name: quality_scores(...)}``: the (shared) floor, then a row per model."""
    if not scores:
        raise ValueError("score_table needs at least one {name: scores} entry.")
    floor = next(iter(scores.values()))
    width = max(len(name) for name in [*scores, "floor (real vs real)"]) + 2
    lines = ([title] if title else []) + [f"{'':<{width}}{'classifier FID':>17}{'KID':>19}"]

    def row(name, s, suffix=""):
        fid, fid_sd = s[f"fid_classifier{suffix}"], s.get(f"fid_classifier{suffix}_sd", 0.0)
        kid, kid_sd = s[f"kid{suffix}"], s.get(f"kid{suffix}_sd", 0.0)
        return f"{name:<{width}}{f'{fid:.2f} ± {fid_sd:.2f}':>17}{f'{kid:.4f} ± {kid_sd:.4f}':>19}"

    if floor.get("fid_classifier_floor") is not None:
        lines.append(row("floor (real vs real)", floor, "_floor"))
    lines += [row(name, s) for name, s in scores.items()]
    return "\n".join(lines)


_INCEPTION = {}  # the loaded InceptionV3, or the reason it could not be loaded


def _inception():
    if not _INCEPTION:
        try:  # Keras' "Downloading data from ..." line is kept out of the notebook
            with contextlib.redirect_stdout(io.StringIO()), float32_policy():
                _INCEPTION["model"] = keras.applications.InceptionV3(
                    include_top=False, weights="imagenet", pooling="avg", input_shape=(299, 299, 3)
                )
        except Exception as exc:
            _INCEPTION["error"] = type(exc).__name__
            print(
                "InceptionV3's ImageNet weights could not be downloaded (no internet?): reporting the "
                "classifier score only."
            )
    return _INCEPTION.get("model")


def inception_fid(real, fake) -> float | None:
    """Standard FID with ImageNet InceptionV3, or None (said once) when its weights cannot be downloaded."""
    model = _inception()
    if model is None:
        return None

    def feats(images):
        images = to_unit_range(images)
        if images.shape[-1] == 1:
            images = np.repeat(images, 3, axis=-1)
        out = []
        for i in range(0, len(images), 64):
            batch = tf.image.resize(images[i : i + 64] * 255.0, (299, 299))
            out.append(model(keras.applications.inception_v3.preprocess_input(batch), training=False).numpy())
        return np.concatenate(out)

    return frechet_from_features(feats(real), feats(fake))
