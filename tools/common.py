"""What the tools share: the course checkout they act on, and the one notebook executor."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def find_root(root=None) -> Path:
    """The course checkout: ``root`` (a tool's ``--root``), else the first folder from the current
    one upwards that holds both ``notebooks/`` and ``pyproject.toml``."""
    folders = [Path(root).resolve()] if root is not None else [Path.cwd(), *Path.cwd().parents]
    for folder in folders:
        if (folder / "notebooks").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    where = f"{root} is not" if root is not None else f"Neither {Path.cwd()} nor a folder above it is"
    raise SystemExit(
        f"{where} the course's checkout (a folder with notebooks/ and pyproject.toml): "
        "run the tool inside the checkout, or name it with --root PATH."
    )


def add_root(parser) -> None:
    parser.add_argument("--root", help="the course checkout (default: the one holding the current folder)")


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
            if (
                out.output_type == "stream"
                and merged
                and merged[-1].output_type == "stream"
                and merged[-1].name == out.name
            ):
                merged[-1].text += out.text
            else:
                merged.append(out)
        for out in merged:
            if out.output_type == "stream":
                out.text = settle(out.text)
        cell.outputs = merged


def execute(nb, folder: Path, timeout: int | None = None, env: dict | None = None, name: str = "") -> float:
    """Run notebook ``nb`` (in place) top to bottom in a fresh kernel started in ``folder``, with
    ``env`` added to its environment and a progress bar over its code cells, then tidy its
    streams; returns the seconds it took. The kernel, not this process, imports the course."""
    from nbclient import NotebookClient
    from tqdm import tqdm

    bar = tqdm(
        total=sum(c.cell_type == "code" for c in nb.cells),
        desc=f"{name[:24]:<24}",
        unit="cell",
        file=sys.stdout,
        ncols=90,
    )
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        on_cell_executed=lambda **_: bar.update(1),
        resources={"metadata": {"path": str(folder)}},
    )
    start = time.perf_counter()
    try:
        client.execute(env={**os.environ, **(env or {})})
    finally:
        bar.close()
    tidy_streams(nb)
    return time.perf_counter() - start
