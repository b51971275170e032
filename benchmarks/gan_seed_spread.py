"""How much does notebook 05's verdict depend on the *training* seed of the GANs?

Trains the DCGAN and the digit-7 program exactly as notebook 05 does (same images, 50 epochs,
same batches and optimiser) but from another seed, then scores both with notebook 05's panel of
judges (cached in ``outputs/05_dcgan``; run the notebook first) on the same real images.

    python benchmarks/gan_seed_spread.py sevens 43      # dataset (cars or sevens), GAN seeds

About 45 minutes per seed and dataset on a 2-core CPU (the DCGAN is most of it). Checkpoints go to
``outputs/gan_seeds/``: an interrupted run resumes, a finished one is only re-scored.
"""
import argparse
from pathlib import Path

import keras
import numpy as np

import helpers
from helpers.gan import GAN
from helpers.models import (build_dcgan_discriminator, build_dcgan_generator, build_digit_discriminator,
                            build_digit_generator)
from helpers.quality import judge_panel, quality_scores, score_table

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("dataset", choices=["cars", "sevens"])
parser.add_argument("seeds", type=int, nargs="+", help="training seeds of the GANs (notebook 05 used 42)")
parser.add_argument("--epochs", type=int, default=50)
parser.add_argument("--judges", type=Path, default=Path("outputs/05_dcgan"), help="where notebook 05 cached its judges")
args = parser.parse_args()

SEED, N_EVAL, JUDGE_SEEDS = 42, 3000, [42, 43, 44, 45, 46]  # notebook 05's data seed, set size and judges
DC_LATENT, DC_BATCH, BASE_LATENT, BASE_BATCH = 100, 32, 10, 50
helpers.set_seed(SEED)
if args.dataset == "cars":
    images, _ = helpers.load_images("cifar10", classes="automobile", scale="-1_1", seed=SEED)
    judges = judge_panel("cifar10", args.judges, JUDGE_SEEDS, epochs=20)
else:
    images, _ = helpers.load_images("mnist", classes=7, scale="-1_1", seed=SEED)
    judges = judge_panel("mnist", args.judges, JUDGE_SEEDS, epochs=3)
images_01 = (images + 1) / 2
pick = np.random.default_rng(SEED + 1).permutation(len(images))  # notebook 05's compare()
real_a = helpers.to_unit_range(images[pick[:N_EVAL]], "-1_1")
real_b = helpers.to_unit_range(images[pick[N_EVAL:2 * N_EVAL]], "-1_1")


def make_gan(generator, discriminator, latent_dim, seed):
    gan = GAN(generator, discriminator, latent_dim, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    return gan


for seed in args.seeds:
    helpers.set_seed(seed)
    shape = images.shape[1:]
    runs = {"digit-7 program": (make_gan(build_digit_generator(BASE_LATENT, shape), build_digit_discriminator(shape),
                                         BASE_LATENT, seed), images_01, BASE_BATCH, "0_1"),
            "DCGAN": (make_gan(build_dcgan_generator(DC_LATENT, shape), build_dcgan_discriminator(shape),
                               DC_LATENT, seed), images, DC_BATCH, "-1_1")}
    scores = {}
    for name, (gan, x, batch, pixels) in runs.items():
        folder = Path("outputs/gan_seeds") / f"{args.dataset}_{'dcgan' if name == 'DCGAN' else 'baseline'}_s{seed}"
        run = helpers.train_gan(gan, x, epochs=args.epochs, batch_size=batch, seed=seed, checkpoint=folder)
        print(f"{name}, seed {seed}: {args.epochs} epochs, {run.train_seconds / 60:.1f} min of training", flush=True)
        z = np.random.default_rng(SEED + 2).standard_normal((N_EVAL, gan.latent_dim))
        fakes = helpers.to_unit_range(gan.generator.predict(z, verbose=0), pixels)
        scores[name] = quality_scores(judges, real_a, fakes, floor_real=real_b, seed=SEED, scale="0_1")
    print(score_table(scores, title=f"{args.dataset}, GAN seed {seed}, {args.epochs} epochs, {N_EVAL} per set"))
    dc, base = scores["DCGAN"], scores["digit-7 program"]
    each = [d / b for d, b in zip(dc["per_judge"]["fid_classifier"], base["per_judge"]["fid_classifier"])]
    print(f"{args.dataset}, GAN seed {seed}: DCGAN's FID is {dc['fid_classifier'] / base['fid_classifier']:.0%} of the "
          f"digit-7 program's (panel mean); judge by judge {', '.join(f'{r:.0%}' for r in each)}; "
          f"KID {base['kid']:.4f} vs {dc['kid']:.4f}", flush=True)
