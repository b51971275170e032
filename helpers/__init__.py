"""Plumbing for the GAN course notebooks. The GAN itself is taught in the notebooks; this package
keeps what they share (quick mode, seeds, data, training callbacks, plots, the exercises' checks)
and the taught code once a notebook has introduced it (gan.py, models.py, cgan.py)."""

import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide TensorFlow's start-up chatter
# fit() warns that it cannot shuffle a tf.data pipeline; ours shuffles itself (epoch_batches).
warnings.filterwarnings("ignore", message=r"`shuffle=True` was passed")


def _import_tensorflow_quietly():
    """Import TensorFlow with the C++ start-up log lines (oneDNN, CUDA probing) sent to
    /dev/null, so notebooks show only what matters. Python errors still surface normally."""
    import sys

    if "tensorflow" in sys.modules:
        return
    try:
        saved = os.dup(2)
    except OSError:  # no real stderr (some embedded consoles): import as usual
        import tensorflow  # noqa: F401

        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


_import_tensorflow_quietly()
# tf.function's "triggered retracing" notes appear when several models call predict() in turn
# (e.g. scoring two GANs); they are about speed, not correctness, and only confuse students.
import logging

logging.getLogger("tensorflow").setLevel(logging.ERROR)

# The names notebooks call as helpers.<name>; the rest they import from its module.
from .callbacks import LiveView, SampleGrid
from .checks import check
from .course import environment_report, keep_on_drive, output_dir, quick, set_seed, shown_path
from .data import class_names, load_images, make_spiral
from .grids import make_gif
from .health import HealthMonitor
from .playground import gan_playground
from .plots import (
    compare_histories,
    plot_confusion,
    plot_history,
    plot_lines,
    scatter_real_fake_3d,
    show_images,
    show_real_vs_fake,
    show_rows,
    show_side_by_side,
    to_unit_range,
)
from .saving import load_generator, save_metrics
from .training import TrainingRun
from .widgets import class_picker, epoch_scrubber, latent_explorer
