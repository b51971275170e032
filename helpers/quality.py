"""An objective number for a GAN's images: Fréchet distance and KID in a classifier's features.

The standard FID uses InceptionV3, trained on ImageNet, whose weights must be downloaded. The
course's default instead trains a *classifier on the same dataset's real images* (all classes,
seconds in quick mode, about ten minutes on a 2-core CPU), caches it, and measures distances
between real and generated images in its penultimate layer. Every score comes with its
**floor**: the same score between two disjoint sets of real images of the same size, i.e. what a
perfect generator would get with that many samples. Such a judge is only as good as its features,
and judges that differ only in their training seed can disagree (``benchmarks/judge_spread.py``),
so the notebooks score with a *panel* of judges (``judge_panel``) and report the mean and the
spread of their scores.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

from .plots import to_unit_range


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
    covmean = np.real(covmean)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def frechet_from_features(f1, f2) -> float:
    f1, f2 = np.asarray(f1, "float64"), np.asarray(f2, "float64")
    return frechet_distance(f1.mean(0), np.cov(f1, rowvar=False), f2.mean(0), np.cov(f2, rowvar=False))


def kernel_inception_distance(f1, f2, subsets: int = 10, subset_size: int = 500, seed: int = 0) -> float:
    """KID: the unbiased squared MMD with the cubic polynomial kernel (x.y/d + 1)^3, averaged
    over random subsets. Unbiased, so it can be slightly negative for identical distributions
    and it is reliable with few samples, unlike the Fréchet distance."""
    f1, f2 = np.asarray(f1, "float64"), np.asarray(f2, "float64")
    d = f1.shape[1]
    m = min(subset_size, len(f1), len(f2))
    if m < 2:
        raise ValueError("KID needs at least 2 samples in each set.")
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(subsets):
        x = f1[rng.choice(len(f1), m, replace=False)]
        y = f2[rng.choice(len(f2), m, replace=False)]
        kxx, kyy, kxy = (x @ x.T / d + 1) ** 3, (y @ y.T / d + 1) ** 3, (x @ y.T / d + 1) ** 3
        off = 1 - np.eye(m)
        values.append((kxx * off).sum() / (m * (m - 1)) + (kyy * off).sum() / (m * (m - 1)) - 2 * kxy.mean())
    return float(np.mean(values))


CLASSIFIER_RECIPE = "v2"  # part of the cache name: a changed recipe never reuses an old file


def _classifier_network(input_shape, colour: bool):
    """Three blocks of two 3x3 convolutions (32, 64, 128 filters) with batch normalisation,
    global average pooling, the 128 ``features``, then the 10 classes. Random shifts (and, for
    photographs, mirror images) during training only."""
    import keras
    from keras import layers

    augment = [layers.RandomFlip("horizontal")] if colour else []
    augment.append(layers.RandomTranslation(0.1, 0.1))
    blocks = []
    for filters in [32, 64, 128]:
        for _ in range(2):
            blocks += [layers.Conv2D(filters, 3, padding="same", use_bias=False),
                       layers.BatchNormalization(), layers.ReLU()]
        blocks += [layers.MaxPooling2D(2), layers.Dropout(0.2)]
    return keras.Sequential([keras.Input(input_shape), *augment, *blocks, layers.GlobalAveragePooling2D(),
                             layers.Dense(128, activation="relu", name="features"), layers.Dropout(0.3),
                             layers.Dense(10, activation="softmax")])


def feature_classifier(dataset: str, out_dir, epochs: int = 3, limit: int | None = None, seed: int = 0,
                       verbose: bool = True):
    """A CNN trained on all classes of ``dataset`` (real images, [0, 1]); returns a model mapping
    images to its 128 penultimate features. It reports its accuracy on held-out images: a judge
    must first be good at its own job (a weak one rewards colour statistics, not shapes).
    Cached in ``out_dir`` as ``classifier_<dataset>_v2_e<epochs>[_n<limit>]_s<seed>.keras``, so a
    classifier trained with other settings (say, in quick mode) is never reused by mistake."""
    import keras

    from .data import load_images
    from .results import load_keras_model

    settings = f"{CLASSIFIER_RECIPE}_e{epochs}" + (f"_n{limit}" if limit else "") + f"_s{seed}"
    path = Path(out_dir) / f"classifier_{dataset}_{settings}.keras"
    report = path.with_suffix(".json")  # its held-out accuracy, so a cached judge can show it too
    if path.is_file():
        model = load_keras_model(path, "quality classifier")
        if verbose:
            try:
                acc = json.loads(report.read_text())
                accuracy = (f" (held-out accuracy {acc['accuracy']:.1%}, "
                            f"balanced over classes {acc['balanced_accuracy']:.1%})")
            except (OSError, ValueError, KeyError, TypeError):
                accuracy = ""
            print(f"Using the cached quality classifier {path.name}{accuracy}.")
    else:
        x, y = load_images(dataset, limit=limit, seed=seed, verbose=verbose)
        keras.utils.set_random_seed(seed)
        model = _classifier_network(x.shape[1:], colour=x.shape[-1] == 3)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        # Balanced class weights: the offline CIFAR sample is 69 % cars, and the features should
        # describe every class, not only "car or not".
        counts = np.bincount(y, minlength=10)
        weights = {c: len(y) / (10 * n) for c, n in enumerate(counts) if n}
        n_val = len(x) // 10
        model.fit(x[n_val:], y[n_val:], epochs=epochs, batch_size=128, class_weight=weights, verbose=0)
        predicted = model.predict(x[:n_val], verbose=0).argmax(1)
        per_class = [np.mean(predicted[y[:n_val] == c] == c) for c in range(10) if np.any(y[:n_val] == c)]
        acc = {"accuracy": float(np.mean(predicted == y[:n_val])), "balanced_accuracy": float(np.mean(per_class)),
               "held_out_images": int(n_val)}
        if verbose:
            print(f"Trained the quality classifier on {len(x) - n_val:,} {dataset} images: "
                  f"held-out accuracy {acc['accuracy']:.1%}, "
                  f"balanced over classes {acc['balanced_accuracy']:.1%}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        model.save(path)
        report.write_text(json.dumps(acc, indent=1))
    return keras.Model(model.inputs, model.get_layer("features").output)


def judge_panel(dataset: str, out_dir, seeds, epochs: int = 3, limit: int | None = None,
                verbose: bool = True) -> dict:
    """Several judges trained alike, differing only in their seed: ``{seed: extractor}``.

    One small judge is a noisy instrument: its features depend on its random start, and two such
    judges can rank the same two generators differently. ``quality_scores`` given a panel reports
    the mean over its judges, plus every judge's own score, so the spread is visible."""
    seeds = list(seeds)
    if not seeds or any(not isinstance(s, int) or isinstance(s, bool) or s < 0 for s in seeds) \
            or len(set(seeds)) != len(seeds):
        raise ValueError(f"judge_panel needs distinct non-negative integer seeds, e.g. [42, 43, 44]; got {seeds!r}.")
    return {s: feature_classifier(dataset, out_dir, epochs=epochs, limit=limit, seed=s, verbose=verbose)
            for s in seeds}


def features(extractor, images, batch_size: int = 256, scale: str = "auto"):
    """The extractor's features of ``images`` ([0, 1] or [-1, 1], see ``plots.to_unit_range``)."""
    images = to_unit_range(images, scale)
    return np.asarray(extractor.predict(images, batch_size=batch_size, verbose=0), dtype="float64")


def quality_scores(extractor, real, fake, floor_real=None, seed: int = 0, scale: str = "auto") -> dict:
    """Fréchet distance and KID between ``real`` and ``fake`` in the extractor's features, plus
    their floors: the same scores between ``real`` and ``floor_real``, a disjoint set of real
    images of the same size as ``fake``. ``scale`` ("0_1", "-1_1" or "auto") is the pixel range
    of all three sets. A score and its floor are only comparable at equal sizes (the Fréchet
    distance's bias depends on them), so larger sets are cut to the smallest one, with a note.

    ``extractor`` may also be a panel of judges (``judge_panel``'s ``{seed: extractor}``): every
    score is then the mean over the judges, and ``per_judge`` holds each judge's own scores
    (``{"seeds": [...], "fid_classifier": [...], ...}``)."""
    if isinstance(extractor, dict) and not extractor:
        raise ValueError("The panel of judges is empty; build it with judge_panel(..., seeds=[42, 43, 44]).")
    sizes = [len(real), len(fake)] + ([len(floor_real)] if floor_real is not None else [])
    n = min(sizes)
    if len(set(sizes)) > 1:  # cut once, so a panel says it once
        print(f"Sets of {' / '.join(f'{s:,}' for s in sizes)} images (real / generated"
              f"{' / floor' if floor_real is not None else ''}): scoring the first {n:,} of each, "
              "so that the score and its floor use equal sizes.")
        real, fake = real[:n], fake[:n]
        floor_real = floor_real[:n] if floor_real is not None else None
    if not isinstance(extractor, dict):
        return _judge_scores(extractor, real, fake, floor_real, seed, scale)
    each = [_judge_scores(judge, real, fake, floor_real, seed, scale) for judge in extractor.values()]
    scores = {key: float(np.mean([s[key] for s in each])) for key in each[0]}
    scores["per_judge"] = {"seeds": list(extractor), **{key: [s[key] for s in each] for key in each[0]}}
    return scores


def _judge_scores(extractor, real, fake, floor_real, seed, scale) -> dict:
    """One judge's scores of sets already cut to equal sizes."""
    fr, ff = features(extractor, real, scale=scale), features(extractor, fake, scale=scale)
    scores = {"fid_classifier": frechet_from_features(fr, ff), "kid": kernel_inception_distance(fr, ff, seed=seed)}
    if floor_real is not None:
        fo = features(extractor, floor_real, scale=scale)
        scores["fid_classifier_floor"] = frechet_from_features(fr, fo)
        scores["kid_floor"] = kernel_inception_distance(fr, fo, seed=seed)
    return scores


def score_table(scores: dict, title: str = "") -> str:
    """A plain-text table of ``{name: quality_scores(...)}``, the floor first (taken from the
    first entry: all were scored against the same real images), then one row per model, with
    each model's classifier FID as a multiple of the floor. Scores from a panel of judges get a
    last column: the lowest and highest classifier FID among the judges."""
    if not scores:
        raise ValueError("score_table needs at least one {name: scores} entry.")
    floor = next(iter(scores.values()))
    panel = all("per_judge" in s for s in scores.values())
    width = max(len(name) for name in [*scores, "floor (real vs real)"]) + 2
    lines = [title] if title else []
    spread_head = f"{'FID, %d judges' % len(floor['per_judge']['seeds']):>19}" if panel else ""
    lines.append(f"{'':<{width}}{'classifier FID':>15}{'x floor':>9}{'KID':>10}{spread_head}")

    def spread(s, key):
        if not panel:
            return ""
        values = s["per_judge"][key]
        return f"{f'{min(values):.2f} to {max(values):.2f}':>19}"

    fid_floor = floor.get("fid_classifier_floor")
    if fid_floor is not None:
        lines.append(f"{'floor (real vs real)':<{width}}{fid_floor:>15.2f}{1:>9.1f}{floor['kid_floor']:>10.4f}"
                     f"{spread(floor, 'fid_classifier_floor')}")
    for name, s in scores.items():
        times = f"{s['fid_classifier'] / fid_floor:>9.1f}" if fid_floor else f"{'':>9}"
        lines.append(f"{name:<{width}}{s['fid_classifier']:>15.2f}{times}{s['kid']:>10.4f}"
                     f"{spread(s, 'fid_classifier')}")
    return "\n".join(lines)


_INCEPTION = {}  # the loaded InceptionV3, or the reason it could not be loaded


def _inception():
    if not _INCEPTION:
        try:
            import keras

            _INCEPTION["model"] = keras.applications.InceptionV3(
                include_top=False, weights="imagenet", pooling="avg", input_shape=(299, 299, 3))
        except Exception as exc:
            _INCEPTION["error"] = type(exc).__name__
            print(f"InceptionV3 weights unavailable ({_INCEPTION['error']}); reporting the classifier score only.")
    return _INCEPTION.get("model")


def inception_fid(real, fake) -> float | None:
    """Standard FID with ImageNet InceptionV3 when its weights can be loaded (as in Colab);
    otherwise says why (once per session) and returns None."""
    model = _inception()
    if model is None:
        return None
    import keras
    import tensorflow as tf

    def feats(images):
        images = to_unit_range(images)
        if images.shape[-1] == 1:
            images = np.repeat(images, 3, axis=-1)
        out = []
        for i in range(0, len(images), 64):
            batch = tf.image.resize(images[i:i + 64] * 255.0, (299, 299))
            out.append(model(keras.applications.inception_v3.preprocess_input(batch), training=False).numpy())
        return np.concatenate(out)

    return frechet_from_features(feats(real), feats(fake))
