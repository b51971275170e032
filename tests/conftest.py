import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
    # Several pytest-xdist workers share the cores: one TensorFlow thread each (read by TensorFlow
    # when it starts, here and in the notebooks' kernels, which inherit the environment), so that
    # the workers do not fight over the same cores.
    for name in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "datasets"


@pytest.fixture
def data_dir(monkeypatch):
    """The offline samples: $GAN_COURSE_DATA if set, else ../shared/datasets beside the checkout."""
    folder = Path(os.environ.get("GAN_COURSE_DATA", SHARED_DATA))
    if not (folder / "mnist_sample.npz").is_file():
        pytest.skip(f"offline samples not found in {folder}; set GAN_COURSE_DATA")
    monkeypatch.setenv("GAN_COURSE_DATA", str(folder))
    return folder


@pytest.fixture
def no_download(monkeypatch):
    """Make keras.datasets fail at once, as it does on a machine without internet."""
    import keras

    def refuse(*a, **k):
        raise ConnectionError("no internet in this test")

    for name in ("mnist", "fashion_mnist", "cifar10"):
        monkeypatch.setattr(getattr(keras.datasets, name), "load_data", refuse)


@pytest.fixture
def tiny_gan():
    """The builder of the tests' tiny GANs (tests/tiny_gans.py): ``tiny_gan()`` is a compiled MLP
    GAN for 3-D points with latent size 4; ``tiny_gan(latent=6)``, ``tiny_gan(image_shape=(8, 8, 1),
    lr=1e-2)``, ``tiny_gan(latent=1, data_dim=1, hidden_activation="tanh")`` and so on vary it."""
    from tiny_gans import tiny_gan as build

    return build
