"""How much does notebook 05's verdict depend on the judge? Scores the stored generators of a
notebook-05 full run (DCGAN and digit-7 program, cars and 7s) with quality classifiers trained
with the same recipe and data but different seeds. Needs the run's outputs (``outputs/05_dcgan``:
``<dataset>/generator.keras`` and ``checkpoints/<dataset>_baseline``).

    python benchmarks/judge_spread.py 42 1 2      # judge seeds; 42 is the notebook's judge

About 11 minutes of judge training per seed on a 2-core CPU.
"""
import argparse
from pathlib import Path

import keras
import numpy as np

import helpers
from helpers.models import build_digit_generator
from helpers.quality import feature_classifier, quality_scores
from helpers.training import read_checkpoint

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("seeds", type=int, nargs="+", help="judge seeds")
parser.add_argument("--run", type=Path, default=Path("outputs/05_dcgan"), help="notebook 05's output folder")
args = parser.parse_args()
helpers.set_seed(42)
SEED, N = 42, 3000  # as in notebook 05
for dataset, label, folder, epochs in [("cifar10", "automobile", "cars", 20), ("mnist", 7, "sevens", 3)]:
    images, _ = helpers.load_images(dataset, classes=label, scale="-1_1", seed=SEED, verbose=False)
    pick = np.random.default_rng(SEED + 1).permutation(len(images))  # notebook 05's compare()
    real_a = helpers.to_unit_range(images[pick[:N]], "-1_1")
    real_b = helpers.to_unit_range(images[pick[N:2 * N]], "-1_1")
    dcgan = keras.models.load_model(args.run / folder / "generator.keras")
    dcgan_fakes = dcgan.predict(np.random.default_rng(SEED + 2).standard_normal((N, 100)), verbose=0)
    _, arrays = read_checkpoint(args.run / "checkpoints" / f"{folder}_baseline" / "checkpoint.npz")
    baseline = build_digit_generator(10, images.shape[1:])
    for i, variable in enumerate(baseline.weights):
        variable.assign(arrays[f"generator/{i}"])
    baseline_fakes = baseline.predict(np.random.default_rng(SEED + 2).standard_normal((N, 10)), verbose=0)
    for judge_seed in args.seeds:
        judge = feature_classifier(dataset, args.run / "judges", epochs=epochs, seed=judge_seed)
        base = quality_scores(judge, real_a, baseline_fakes, floor_real=real_b, seed=SEED, scale="0_1")
        dc = quality_scores(judge, real_a, helpers.to_unit_range(dcgan_fakes, "-1_1"), seed=SEED,
                            scale="0_1")  # same real sets: the floor above serves both
        floor = base["fid_classifier_floor"]
        print(f"{folder:<6} judge seed {judge_seed:>3}: FID floor {floor:.3f}, digit-7 program "
              f"{base['fid_classifier']:.3f}, DCGAN {dc['fid_classifier']:.3f} -> ratio "
              f"{dc['fid_classifier'] / base['fid_classifier']:.0%} (above the floor: "
              f"{(dc['fid_classifier'] - floor) / (base['fid_classifier'] - floor):.0%}); KID "
              f"{base['kid']:.4f} vs {dc['kid']:.4f}", flush=True)
