"""Datasets for the course: the 3-D spiral and MNIST / Fashion-MNIST / CIFAR-10 images."""

from __future__ import annotations

import difflib
import os
import zipfile
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from .course import DATA_ENV, shown_path

DATASETS = {
    "mnist": {"file": "mnist_sample.npz", "shape": (28, 28), "classes": [str(d) for d in range(10)]},
    "fashion_mnist": {
        "file": "fashion_mnist_sample.npz",
        "shape": (28, 28),
        "classes": "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot".split(","),
    },
    "cifar10": {
        "file": "cifar10_sample.npz",
        "shape": (32, 32, 3),
        "classes": ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
    },
}


def make_spiral(n: int = 1000, seed: int = 0, standardize: bool = True):
    """Notebook 01's 3-D spiral: x1 = 2*pi*t for t = 0, 1/n, ..., (n-1)/n; x2 = x1*cos(2*x1) + 0.1*noise;
    x3 = exp(-x1)*x1 + 0.01*noise, one standard-normal ``noise`` shared by x2 and x3. Returns float32
    (n, 3) points and, with ``standardize`` (columns of mean 0, std 1), the fitted StandardScaler (else None)."""
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}.")
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(n)
    x1 = 2 * np.pi * np.arange(n) / n
    x2 = x1 * np.cos(2 * x1) + 0.1 * noise
    x3 = np.exp(-x1) * x1 + 0.01 * noise
    points = np.stack([x1, x2, x3], axis=1)
    scaler = None
    if standardize:
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler()
        points = scaler.fit_transform(points)
    return points.astype("float32"), scaler


def _check_name(name: str) -> dict:
    if name not in DATASETS:
        close = difflib.get_close_matches(str(name).lower().replace("-", "_"), DATASETS, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"Unknown dataset {name!r}.{hint} Choose one of: {', '.join(DATASETS)}.")
    return DATASETS[name]


def class_names(name: str) -> list[str]:
    """The ten class names of a dataset, in label order."""
    return list(_check_name(name)["classes"])


def _class_indices(name: str, classes) -> list[int] | None:
    if classes is None:
        return None
    names = DATASETS[name]["classes"]
    wanted = list(classes) if isinstance(classes, (list, tuple, set, np.ndarray)) else [classes]
    out = []
    for c in wanted:
        if isinstance(c, (bool, np.bool_)) or not isinstance(c, (int, np.integer, str)):
            raise ValueError(
                f"Classes are given by index (0..{len(names) - 1}) or by name, not {c!r}. {name} classes: {names}."
            )
        if isinstance(c, str) and not c.isdigit():
            if c not in names:
                close = difflib.get_close_matches(c, names, n=1, cutoff=0.4)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                raise ValueError(f"{name} has no class named {c!r}.{hint} Classes: {names}.")
            c = names.index(c)
        idx = int(c)
        if not 0 <= idx < len(names):
            raise ValueError(
                f"Class index {idx} is out of range for {name}: use 0..{len(names) - 1} "
                f"({', '.join(f'{i}={n}' for i, n in enumerate(names))})."
            )
        out.append(idx)
    return out


def _read_sample(name: str, folder: Path):
    spec = DATASETS[name]
    path = folder / spec["file"]
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as archive:
            if "x" not in archive.files or "y" not in archive.files:
                raise ValueError(f"it holds {archive.files}, not the arrays 'x' and 'y'")
            x, y = archive["x"], archive["y"]
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(
            f"The offline sample {path} is damaged or not a course sample ({exc}). "
            f"Copy a fresh {spec['file']} into {folder} (see ../shared/datasets/README.md), "
            f"or unset {DATA_ENV} to download {name} with keras.datasets."
        ) from None
    if x.dtype != np.uint8 or x.shape[1:] != spec["shape"] or y.shape != (x.shape[0],):
        raise ValueError(
            f"The offline sample {path} has x {x.dtype}{x.shape} and y {y.shape}; expected x uint8 "
            f"(N, {', '.join(map(str, spec['shape']))}) and y (N,). Replace the file with the course's {spec['file']}."
        )
    return x, y.astype(np.int64)


def _download(name: str, split: str = "train"):
    module = getattr(keras.datasets, name)
    try:
        train, test = module.load_data()
        x_train, y_train = train if split == "train" else test
    except Exception as exc:  # no internet, blocked host, broken cache ...
        raise RuntimeError(
            f"Could not download {name} with keras.datasets ({type(exc).__name__}: {exc}). Offline? Set {DATA_ENV} "
            f"to a folder holding {DATASETS[name]['file']} (for example ../shared/datasets) and run the cell again."
        ) from None
    return x_train, y_train.reshape(-1).astype(np.int64)


def load_images(name: str, classes=None, scale="0_1", limit: int | None = None, seed=0, verbose=True, split="train"):
    """``(x, y)``: images of ``mnist``, ``fashion_mnist`` or ``cifar10`` as float32 NHWC, from
    ``$GAN_COURSE_DATA/<name>_sample.npz`` when present, else ``keras.datasets``; says where from.
    classes: None for all, or a class index / name, or a list of them.
    scale:   ``"0_1"`` (sigmoid generators) or ``"-1_1"`` (tanh generators).
    limit:   keep at most this many images (a seeded random subset), e.g. for quick mode.
    split:   ``"train"`` or ``"test"`` (offline, only the MNIST sample keeps its test split apart)."""
    spec = _check_name(name)
    wanted = _class_indices(name, classes)
    if scale not in ("0_1", "-1_1"):
        raise ValueError(f"scale must be '0_1' or '-1_1', got {scale!r}.")
    if limit is not None and (not isinstance(limit, (int, np.integer)) or limit < 1):
        raise ValueError(f"limit must be a positive integer or None, got {limit!r}.")
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")

    part, source = ("training" if split == "train" else "test"), None
    folder = os.environ.get(DATA_ENV)
    if folder:
        if not Path(folder).expanduser().is_dir():
            raise FileNotFoundError(
                f"{DATA_ENV} is set to {folder!r}, which is not a folder. Point it at the folder that holds "
                f"{spec['file']} (for example ../shared/datasets), or unset it to download {name} with keras.datasets."
            )
        sample = _read_sample(name, Path(folder).expanduser())
        if sample is not None:
            x, y = sample
            where = f"offline sample {shown_path(Path(folder) / spec['file'])}"
            if name == "mnist" and len(x) == 70000:  # the original 60,000 training images, then 10,000 test ones
                x, y = (x[:60000], y[:60000]) if split == "train" else (x[60000:], y[60000:])
                source = f"{where} (original {part} split)"
            elif split == "test":
                raise ValueError(
                    f"The offline sample {spec['file']} mixes training and test images, so it has "
                    f"no test split. Use split='train', or unset {DATA_ENV} to download {name}."
                )
            else:
                source = f"{where} (train and test images mixed)"
    if source is None:
        x, y = _download(name, split)
        source = f"keras.datasets.{name} ({part} split)"

    if wanted is not None:
        keep = np.isin(y, wanted)
        x, y = x[keep], y[keep]
    if limit is not None and len(x) > limit:
        pick = np.sort(np.random.default_rng(seed).choice(len(x), size=limit, replace=False))
        x, y = x[pick], y[pick]
    x = x.astype("float32") / 255.0
    if scale == "-1_1":
        x = x * 2.0 - 1.0
    if x.ndim == 3:
        x = x[..., None]
    if verbose:
        what = "all classes" if wanted is None else ", ".join(f"{i} ({spec['classes'][i]})" for i in wanted)
        print(
            f"Loaded {len(x):,} {name} images, {what}, shape {x.shape[1:]}, "
            f"range [{x.min():.0f}, {x.max():.0f}], from {source}."
        )
    return x, y


def epoch_batches(x, batch_size: int, seed: int = 0, first_epoch: int = 0, labels=None):
    """An endless ``tf.data`` pipeline of shuffled full batches of ``x`` (of ``(x, labels)`` pairs
    when ``labels`` is given); pass ``steps_per_epoch=len(x) // batch_size`` to ``fit``. Epoch ``e``
    is shuffled with the stateless seed ``(seed, e)``: the same order when resumed at ``first_epoch``."""
    n = len(x)
    if batch_size < 1 or batch_size > n:
        raise ValueError(f"batch_size must be between 1 and the number of samples ({n}), got {batch_size}.")
    data = tf.constant(np.asarray(x, dtype="float32"))
    if labels is not None:
        data = (data, tf.constant(np.asarray(labels, dtype="int32")))

    def one_epoch(e):
        keys = tf.random.stateless_uniform([n], seed=tf.stack([tf.constant(seed, tf.int64), e]))
        order = tf.argsort(keys)
        return tf.data.Dataset.from_tensor_slices(tf.nest.map_structure(lambda t: tf.gather(t, order), data)).batch(
            batch_size, drop_remainder=True
        )

    return tf.data.Dataset.range(int(first_epoch), tf.int64.max).flat_map(one_epoch).prefetch(2)
