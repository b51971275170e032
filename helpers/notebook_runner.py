"""Execute course notebooks top to bottom in a fresh kernel and store their outputs.

    python -m helpers.notebook_runner notebooks/01_mlp_gan_3d_spiral.ipynb [more.ipynb ...]

This is the command that produced the outputs committed with every notebook. It runs in
classroom mode unless GAN_COURSE_QUICK=1 is set, and prints how long each notebook took.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path


def settle(text: str) -> str:
    """What a terminal shows of ``text``: on every line, only what follows the last carriage
    return (a progress bar redraws itself with ``\\r``), trailing spaces removed."""
    return "\n".join(line.rsplit("\r", 1)[-1].rstrip() for line in text.split("\n"))


def tidy_streams(nb) -> None:
    """Join each cell's consecutive stdout (or stderr) chunks and settle their carriage returns,
    so a stored notebook holds the final state of every progress bar, not each redraw."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and merged and merged[-1].output_type == "stream" \
                    and merged[-1].name == out.name:
                merged[-1].text += out.text
            else:
                merged.append(out)
        for out in merged:
            if out.output_type == "stream":
                out.text = settle(out.text)
        cell.outputs = merged


def run(path: Path, timeout: int = 7200, kernel: str = "python3") -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    tidy_streams(nb)
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
        print(f"  done in {seconds:.0f} s, outputs stored in {path}; peak memory of a kernel so far: "
              f"{peak_gb:.1f} GB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
