"""Execute course notebooks top to bottom in a fresh kernel and store their outputs.

    python tools/run_notebooks.py notebooks/01_mlp_gan_3d_spiral.ipynb [more.ipynb ...]

This is the command that produced the outputs committed with every notebook. It runs in
classroom mode unless GAN_COURSE_QUICK=1 is set, and prints how long each notebook took.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

if not __package__:  # run as `python tools/run_notebooks.py`: import the tools from the checkout
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
from tools.common import execute  # noqa: E402


def run(path: Path, timeout: int = 7200) -> float:
    """Execute the notebook at ``path`` and write it back with its outputs; returns the seconds."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    seconds = execute(nb, path.parent, timeout=timeout, name=path.stem)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=7200, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not path.is_file() or path.suffix != ".ipynb":
            parser.error(f"{path} is not a notebook file")
        print(f"Running {path} ...", flush=True)
        seconds = run(path, timeout=args.timeout)
        peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20  # kB -> GB (Linux)
        print(
            f"  done in {seconds:.0f} s, outputs stored in {path}; peak memory of a kernel so far: {peak_gb:.1f} GB",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
