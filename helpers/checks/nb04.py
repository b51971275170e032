"""Notebook 04: notebook 02's networks for CIFAR-10's 32×32 colour images.

04.1 ``build_color_generator(latent_dim)``: notebook 02's generator making 32×32×3 images in
     [0, 1]: the same stack, starting from 64 maps of 8×8 (a quarter of the side) and ending in
     three channels (63,587 parameters for a latent size of 10). The course's version is
     notebook 04's exercise cell (``helpers.exercises``).
04.2 ``build_color_discriminator()``: notebook 02's discriminator reading 32×32×3 images (121,761
     parameters). The course's version is notebook 04's exercise cell.

The judges are notebook 02's (``nb02.judge_generator``, ``nb02.judge_discriminator``).
"""

from __future__ import annotations

from ..i18n import _
from .core import exercise, taught
from .nb02 import judge_discriminator, judge_generator

COLOR = (32, 32, 3)


@exercise("04.1", "build_color_generator(latent_dim)", course=lambda: taught("build_color_generator"), seconds=30)
def judge_build_color_generator(build_color_generator):
    judge_generator(
        build_color_generator,
        10,
        COLOR,
        taught("build_color_generator"),
        "build_color_generator(10)",
        _("notebook 02's generator built for 32×32×3 images"),
    )


@exercise("04.2", "build_color_discriminator()", course=lambda: taught("build_color_discriminator"), seconds=30)
def judge_build_color_discriminator(build_color_discriminator):
    judge_discriminator(
        build_color_discriminator,
        COLOR,
        taught("build_color_discriminator"),
        "build_color_discriminator()",
        _("notebook 02's discriminator built for 32×32×3 images"),
    )
