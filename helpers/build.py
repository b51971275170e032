"""Build the course for reading and presenting: executed HTML pages and reveal.js slide decks.

    python -m helpers.build                      # every notebook, with its stored outputs
    python -m helpers.build --run quick 02 05    # re-run two notebooks in quick mode first
    python -m helpers.build --run full           # re-run everything as in class (hours on a CPU)

Writes ``build/html/<notebook>.html``, ``build/slides/<notebook>.slides.html`` and
``build/index.html``. ``--run stored`` (the default) uses the outputs committed with each
notebook, which come from full classroom runs, so a lecturer gets finished training curves and
sample grids in seconds; ``quick`` and ``full`` execute a copy of each notebook first (never the
notebook itself), with a progress bar over its cells.

The decks are nbconvert's reveal.js slides (static HTML, one file per notebook, no kernel
needed, arrow keys to move, ``s`` for speaker view). They need reveal.js, require.js and jQuery:
from ``node_modules/`` when ``npm ci`` has installed them (copied next to the decks, which then
work offline), otherwise from public CDNs. Widgets are shown as their static pictures.
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ASSETS = {  # what nbconvert's reveal template loads: npm package path -> name in build/slides/assets
    "reveal.js": "reveal.js",
    "requirejs/require.js": "require.js",
    "jquery/dist/jquery.min.js": "jquery.min.js",
}


def find_notebooks(names) -> list[Path]:
    """Notebook paths from names like ``02``, ``02_digit7_gan`` or a path; all when empty."""
    every = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not names:
        return every
    found = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            found.append(path.resolve())
            continue
        matches = [p for p in every if p.stem == name or p.stem.startswith(f"{name}_")]
        if len(matches) != 1:
            choices = ", ".join(p.stem[:2] for p in every)
            raise SystemExit(f"No single notebook called {name!r}: use a number ({choices}) or a path.")
        found.append(matches[0])
    return found


def static_copy(nb):
    """The notebook as a static page shows it: widget views removed (their outputs carry a PNG of
    the same content, which is then shown), as is the saved widget state."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
    return nb


def install_assets(out: Path, node_modules: Path | None = None) -> dict | None:
    """Copy reveal.js, require.js and jQuery from ``node_modules`` into ``out/assets``; the
    exporter settings that point at them, or None (CDN) when they are not installed."""
    node_modules = node_modules or ROOT / "node_modules"
    if not (node_modules / "reveal.js" / "dist" / "reveal.js").is_file():
        return None
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for source, name in ASSETS.items():
        src, dst = node_modules / source, assets / name
        if src.is_dir():
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(src / "dist", dst / "dist")
            shutil.copytree(src / "plugin", dst / "plugin")
        else:
            shutil.copyfile(src, dst)
    return {"reveal_url_prefix": "assets/reveal.js", "require_js_url": "assets/require.js",
            "jquery_url": "assets/jquery.min.js"}


def execute(nb, path: Path, mode: str, timeout: int | None = None):
    """Run a copy of the notebook from a fresh kernel in its own folder, with a progress bar."""
    from nbclient import NotebookClient
    from tqdm import tqdm

    env_before = os.environ.get("GAN_COURSE_QUICK")
    os.environ["GAN_COURSE_QUICK"] = "1" if mode == "quick" else "0"
    code = [c for c in nb.cells if c.cell_type == "code"]
    bar = tqdm(total=len(code), desc=f"{path.stem[:24]:<24}", unit="cell", file=sys.stdout, ncols=90)

    def done(cell, cell_index, execute_reply):
        bar.update(1)

    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}, on_cell_executed=done)
        client.execute()
    finally:
        bar.close()
        if env_before is None:
            os.environ.pop("GAN_COURSE_QUICK", None)
        else:
            os.environ["GAN_COURSE_QUICK"] = env_before
    return nb


def build(names=(), run: str = "stored", out=None, node_modules=None) -> list[Path]:
    """Build HTML pages and slide decks for the notebooks (see the module's docstring)."""
    import nbformat
    from nbconvert import HTMLExporter, SlidesExporter
    from tqdm import tqdm

    if run not in ("stored", "quick", "full"):
        raise SystemExit(f"--run must be stored, quick or full, not {run!r}.")
    out = Path(out) if out is not None else ROOT / "build"
    paths = find_notebooks(names)
    (out / "html").mkdir(parents=True, exist_ok=True)
    (out / "slides").mkdir(parents=True, exist_ok=True)
    offline = install_assets(out / "slides", node_modules)
    print(f"Building {len(paths)} notebook(s), outputs: {run}; reveal.js "
          f"{'from node_modules (offline)' if offline else 'from the CDN (run `npm ci` for offline decks)'}")
    page = HTMLExporter(template_name="lab")
    deck = SlidesExporter(reveal_scroll=True, reveal_transition="none", **(offline or {}))
    written = []
    for path in tqdm(paths, desc="notebooks", unit="nb", file=sys.stdout, ncols=90, disable=len(paths) < 2):
        nb = nbformat.read(path, as_version=4)
        if run != "stored":
            nb = execute(nb, path, run)
        nb = static_copy(nb)
        for exporter, folder, suffix in [(page, "html", ".html"), (deck, "slides", ".slides.html")]:
            body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
            target = out / folder / f"{path.stem}{suffix}"
            target.write_text(body, encoding="utf-8")
            written.append(target)
    index = out / "index.html"
    rows = "\n".join(f'<li>{html.escape(p.stem)}: <a href="html/{p.stem}.html">page</a> · '
                     f'<a href="slides/{p.stem}.slides.html">slides</a></li>'
                     for p in sorted((out / "html").glob("*.html")))
    index.write_text(f"<!doctype html><meta charset='utf-8'><title>GAN course</title><h1>GAN course</h1>"
                     f"<ul>\n{rows}\n</ul>\n", encoding="utf-8")
    print(f"Wrote {len(written)} files to {out} (open {index})")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (02), names or paths; all when none")
    parser.add_argument("--run", choices=["stored", "quick", "full"], default="stored",
                        help="use the stored outputs (default), or re-run in quick or full mode first")
    parser.add_argument("--out", default=None, help="output folder (default: build/)")
    args = parser.parse_args(argv)
    build(args.notebooks, run=args.run, out=args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
