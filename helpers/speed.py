"""Picking the fastest numeric precision the hardware trains well with (notebook 05).

Convolutional GANs spend their time in arithmetic. Where the hardware multiplies bfloat16
numbers natively (CPUs with AVX512-BF16 or AMX-BF16 instructions, NVIDIA GPUs of compute
capability 8.0 or later), Keras' ``mixed_bfloat16`` policy computes in bfloat16 and keeps the
weights, the optimiser and the losses in float32; bfloat16 has float32's range, so no loss
scaling is needed. Elsewhere the course stays in float32 (``mixed_float16`` on older GPUs such as
the T4 would need loss scaling, which the course's training step does not do).
``benchmarks/bench_05_dcgan.py`` measures the gain.
"""

import contextlib
import os
from pathlib import Path

PRECISIONS = ("float32", "mixed_bfloat16")


def _cpu_flags() -> set[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def best_precision() -> tuple[str, str]:
    """(policy, reason) for this machine, without changing anything."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        cc = details.get("compute_capability") or (0, 0)
        name = details.get("device_name", "GPU")
        if tuple(cc) >= (8, 0):
            return "mixed_bfloat16", f"{name} (compute capability {cc[0]}.{cc[1]}) computes in bfloat16 natively"
        return "float32", (f"{name} (compute capability {cc[0]}.{cc[1]}) has no fast bfloat16; "
                           f"float16 would need loss scaling")
    flags = _cpu_flags()
    found = sorted(flags & {"avx512_bf16", "amx_bf16"})
    if found:
        return "mixed_bfloat16", f"this CPU has {' and '.join(f.upper() for f in found)} instructions"
    return "float32", "this CPU has no bfloat16 instructions"


def use_fast_precision(verbose: bool = True) -> str:
    """Set Keras' global dtype policy to the fastest precision this machine trains well with and
    say which it chose. Call it before building the networks. ``GAN_COURSE_PRECISION=float32``
    (or ``mixed_bfloat16``) overrides the choice. Returns the policy's name."""
    import keras

    wanted = os.environ.get("GAN_COURSE_PRECISION", "").strip()
    if wanted:
        if wanted not in PRECISIONS:
            raise ValueError(f"GAN_COURSE_PRECISION must be one of {', '.join(PRECISIONS)}, got {wanted!r}.")
        policy, reason = wanted, "set by GAN_COURSE_PRECISION"
    else:
        policy, reason = best_precision()
    keras.mixed_precision.set_global_policy(policy)
    if verbose:
        what = ("bfloat16 arithmetic, float32 weights and losses" if policy == "mixed_bfloat16"
                else "float32 throughout")
        print(f"Precision: {policy} ({what}): {reason}.")
    return policy


@contextlib.contextmanager
def float32_policy():
    """Build or load models in float32 whatever the global policy (the quality judges: a score
    must not depend on the precision the GAN was trained in)."""
    import keras

    saved = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("float32")
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(saved)
