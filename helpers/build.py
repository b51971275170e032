"""Build the course for reading and presenting: executed HTML pages and reveal.js slide decks.

    python -m helpers.build                      # every notebook, with its stored outputs
    python -m helpers.build --run quick 02 05    # re-run two notebooks in quick mode first
    python -m helpers.build --run full           # re-run everything as in class (hours on a CPU)

Writes ``build/html/<notebook>.html``, ``build/slides/<notebook>.slides.html`` and
``build/index.html``. ``--run stored`` (the default) uses the outputs committed with each
notebook, which come from full classroom runs, so a lecturer gets finished training curves and
sample grids in seconds; ``quick`` and ``full`` execute a copy of each notebook first (never the
notebook itself), with a progress bar over its cells, writing what they save to
``build/outputs-<mode>/`` (never over ``outputs/``, where the full runs' results live).

The decks are nbconvert's reveal.js slides (static HTML, one file per notebook, no kernel
needed, arrow keys to move, ``s`` for speaker view). Pages and decks need reveal.js, require.js,
jQuery and MathJax: from ``node_modules/`` when ``npm ci`` has installed them (copied to
``build/assets/``; pages and decks then work offline), otherwise from public CDNs. Widgets are
shown as their static pictures, animated GIFs as images.
"""

from __future__ import annotations

import argparse
import base64
import copy
import html
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ASSETS = {  # what nbconvert's pages and decks load: path in node_modules -> path in build/assets
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin": "reveal.js/plugin",
    "requirejs/require.js": "require.js",
    "jquery/dist/jquery.min.js": "jquery.min.js",
    # MathJax 2 (what nbconvert's templates configure): only what TeX in CommonHTML needs
    **{f"mathjax/{part}": f"mathjax/{part}" for part in [
        "MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/input/TeX", "jax/output/CommonHTML",
        "jax/element", "fonts/HTML-CSS/TeX/woff", "localization/en"]},
}
BADGE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\(([^)]*)\)")


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


def static_copy(nb, slides: bool = False):
    """The notebook as a static page shows it: widget views removed (their outputs carry a PNG of
    the same content, which is then shown), as is the saved widget state; animated GIFs (which
    nbconvert's templates do not render) as inline HTML images. For slides the Open-in-Colab
    badge, an image from the web, becomes a plain link."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if slides and cell.cell_type == "markdown":
            cell.source = BADGE.sub(r"[Open in Colab](\1)", cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
            if "image/gif" in data and "text/html" not in data:
                gif = data["image/gif"]
                gif = gif if isinstance(gif, str) else base64.b64encode(gif).decode("ascii")
                data["text/html"] = f'<img src="data:image/gif;base64,{gif.strip()}" alt="animation"/>'
    return nb


def install_assets(out: Path, node_modules: Path | None = None) -> bool:
    """Copy reveal.js, require.js, jQuery and MathJax from ``node_modules`` (``npm ci``) into
    ``out`` (``build/assets``); False, and the CDNs are used, when they are not installed."""
    node_modules = node_modules or ROOT / "node_modules"
    if not all((node_modules / source).exists() for source in ASSETS):
        return False
    for source, name in ASSETS.items():
        src, dst = node_modules / source, out / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, dst)
    return True


OFFLINE = {"reveal_url_prefix": "../assets/reveal.js", "require_js_url": "../assets/require.js",
           "jquery_url": "../assets/jquery.min.js",
           "mathjax_url": "../assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"}


def execute(nb, path: Path, mode: str, output=None, timeout: int | None = None):
    """Run a copy of the notebook from a fresh kernel in its own folder, with a progress bar,
    writing what it saves (checkpoints, figures, metrics) under ``output``."""
    from nbclient import NotebookClient
    from tqdm import tqdm

    saved = {key: os.environ.get(key) for key in ("GAN_COURSE_QUICK", "GAN_COURSE_OUTPUT")}
    os.environ["GAN_COURSE_QUICK"] = "1" if mode == "quick" else "0"
    if output is not None:
        os.environ["GAN_COURSE_OUTPUT"] = str(output)
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
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
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
    offline = install_assets(out / "assets", node_modules)
    print(f"Building {len(paths)} notebook(s), outputs: {run}; reveal.js and MathJax "
          f"{'from node_modules (works offline)' if offline else 'from CDNs (run `npm ci` for offline pages and decks)'}")
    settings = OFFLINE if offline else {}
    page = HTMLExporter(template_name="lab", **{k: v for k, v in settings.items() if k == "mathjax_url"})
    deck = SlidesExporter(reveal_scroll=True, reveal_transition="none", reveal_width="1200", reveal_height="800",
                          **settings)
    # A re-run never writes into outputs/ (the full runs' figures, metrics and checkpoints).
    run_outputs = os.environ.get("GAN_COURSE_OUTPUT") or out / f"outputs-{run}"
    written = []
    for path in tqdm(paths, desc="notebooks", unit="nb", file=sys.stdout, ncols=90, disable=len(paths) < 2):
        nb = nbformat.read(path, as_version=4)
        if run != "stored":
            nb = execute(nb, path, run, output=run_outputs)
        for exporter, folder, suffix in [(page, "html", ".html"), (deck, "slides", ".slides.html")]:
            static = static_copy(nb, slides=exporter is deck)
            body, _ = exporter.from_notebook_node(static, resources={"metadata": {"name": path.stem}})
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
