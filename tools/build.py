"""Build the course for reading and presenting: the course website and reveal.js slide decks.

    python -m tools.build                      # every notebook, with its stored outputs (seconds)
    python -m tools.build --run quick 02 05    # re-run two notebooks in quick mode first
    python -m tools.build --run full           # re-run everything as in class (hours on a CPU)

Writes ``build/site/``, in English, and ``build/site/pt_BR/``, in Brazilian Portuguese (every page
translated from its catalogue by ``tools.translate``; each page links its twin): the website
(Sphinx with myst-nb and sphinx-book-theme, configured in
``site/conf.py``; landing page ``site/index.md``, and a page for every other Markdown file in
``site/``), one page per notebook under ``notebooks/``
with the notebook itself beside it to download, and the decks under ``slides/``. Nothing is
executed for the site: ``--run stored`` (the default) uses the outputs committed with each
notebook, which come from full classroom runs, so a reader or lecturer gets finished training
curves and sample grids in seconds; ``quick`` and ``full`` execute a copy of each notebook first
(never the notebook itself), with a progress bar over its cells, writing what they save to
``build/outputs-<mode>/`` (never over ``outputs/``, where the full runs' results live).

The decks are nbconvert's reveal.js slides (static HTML, one file per notebook, no kernel
needed, arrow keys to move, ``s`` for speaker view), cut into slides by the rules in
``tools/slides.py``, applied to the deck's copy of the notebook. Decks and pages need reveal.js,
require.js, jQuery and MathJax: from ``node_modules/`` when ``npm ci`` has installed them
(copied into the site; it then works offline), otherwise from public CDNs. Widgets are shown as
their static pictures, animated GIFs as images.
"""

from __future__ import annotations

import argparse
import base64
import copy
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat

if not __package__:  # run as `python tools/build.py`: import the tools from the checkout
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
from tools.common import add_root, execute, find_root  # noqa: E402
from tools.home import course_repo  # noqa: E402
from tools.slides import tag  # noqa: E402
from tools.translate import (  # noqa: E402
    edition_path,
    in_english_note,
    lookup,
    relink,
    tr,
    translate_markdown,
    translate_notebook,
)

LANGUAGES = ("en", "pt_BR")  # English at the site's root, Portuguese under pt_BR/

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ASSETS = {  # what nbconvert's pages and decks load: path in node_modules -> path in build/assets
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin": "reveal.js/plugin",
    "requirejs/require.js": "require.js",
    "jquery/dist/jquery.min.js": "jquery.min.js",
    # MathJax 2 (what nbconvert's templates configure): only what TeX in CommonHTML needs
    **{
        f"mathjax/{part}": f"mathjax/{part}"
        for part in [
            "MathJax.js",
            "config/TeX-AMS_CHTML-full.js",
            "config/Safe.js",
            "extensions",
            "jax/input/TeX",
            "jax/output/CommonHTML",
            "jax/element",
            "fonts/HTML-CSS/TeX/woff",
            "localization/en",
        ]
    },
}
BADGE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\(([^)]*)\)")
REPOSITORY_LINK = re.compile(r"\]\(\.\./([^)#\s]+)(#[^)\s]*)?\)")  # [text](../path#anchor) in a site/ page


def find_notebooks(names, root: Path) -> list[Path]:
    """Notebook paths from names like ``02``, ``02_digit7_gan`` or a path; all of checkout
    ``root``'s when empty."""
    every = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
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


def static_copy(nb, slides: bool = False, lang: str = "en"):
    """The notebook as a static page shows it: widget views removed (their outputs carry a PNG of
    the same content, which is then shown), as is the saved widget state; animated GIFs (which
    nbconvert's templates do not render) as inline HTML images. For slides the Open-in-Colab
    badge, an image from the web, becomes a plain link, and the slide rules (``tools/slides.py``)
    split and tag the cells."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if slides and cell.cell_type == "markdown":
            cell.source = BADGE.sub(lambda m: f"[{tr('Open in Colab', lang)}]({m.group(1)})", cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
            if "image/gif" in data and "text/html" not in data:
                gif = data["image/gif"]
                gif = gif if isinstance(gif, str) else base64.b64encode(gif).decode("ascii")
                data["text/html"] = f'<img src="data:image/gif;base64,{gif.strip()}" alt="animation"/>'
    return nbformat.from_dict(tag(nb)) if slides else nb


def install_assets(out: Path, node_modules: Path) -> bool:
    """Copy reveal.js, require.js, jQuery and MathJax from ``node_modules`` (``npm ci``) into
    ``out`` (``build/assets``); False, and the CDNs are used, when they are not installed."""
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


OFFLINE = {
    "reveal_url_prefix": "../assets/reveal.js",
    "require_js_url": "../assets/require.js",
    "jquery_url": "../assets/jquery.min.js",
    "mathjax_url": "../assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}


def site_pages(root: Path) -> list[Path]:
    """The website's Markdown pages in checkout ``root``: ``site/index.md`` and the pages beside it."""
    return sorted((root / "site").glob("*.md"))


def page_source(text: str, repo: str) -> str:
    """A page of ``site/`` as the website reads it. Its links into the repository are relative
    to ``site/`` (``../benchmarks/README.md``), so that they work on GitHub; on the website they
    point at the file on GitHub, except a notebook (``../notebooks/NN_topic.ipynb``), which is a
    page of the site."""

    def link(match):
        path, anchor = match.group(1), match.group(2) or ""
        if path.startswith("notebooks/") and path.endswith(".ipynb"):
            return f"]({path}{anchor})"
        return f"](https://github.com/{repo}/blob/main/{path}{anchor})"

    return REPOSITORY_LINK.sub(link, text)


def _translated_anchors(root: Path, lang: str) -> dict[tuple[str, str], str]:
    """(page file, English heading's anchor) -> the translated heading's anchor, for ``lang``."""
    if lang == "en":
        return {}
    from myst_parser.slugs import github_slugify

    from tools.translate import pieces

    def slug(heading: str) -> str:
        return github_slugify(heading.replace("`", "").replace("*", ""))

    found = {}
    for page in site_pages(root):
        find = lookup(root, [f"site/{page.stem}"], lang)
        for piece in pieces(page.read_text(encoding="utf-8")):
            if piece.heading:
                found[(page.name, slug(piece.msgid))] = slug(find(piece.msgid))
    return found


def folded_solutions(nb, lang: str = "en"):
    """The page's solutions behind a toggle: a prose answer (a markdown cell tagged ``solution``)
    and every cell of the ``## Solutions`` section in a collapsed "Show solution" box, a solution's
    code (an ``exercise`` cell, or one whose first line is ``# SOLUTION:``) with its input hidden."""
    nb = copy.deepcopy(nb)
    in_solutions = False
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        text = cell.source.lstrip()
        if "solutions" in tags:  # the Solutions heading (tagged, so found in any language)
            in_solutions = True
            continue
        if cell.cell_type == "markdown" and (in_solutions or "solution" in tags):
            cell.source = f"````{{admonition}} {tr('Show solution', lang)}\n:class: dropdown\n\n{cell.source}\n````"
        elif cell.cell_type == "code" and (in_solutions or "exercise" in tags or text.startswith("# SOLUTION:")):
            cell.metadata["tags"] = sorted(set(tags) | {"hide-input"})
    return nb


def write_site_sources(paths_and_notebooks, src: Path, root: Path, lang: str = "en") -> None:
    """The course website's Sphinx sources in ``src``, in ``lang``: the landing page
    (``site/index.md``, which includes the README's table of notebooks), the other pages of
    ``site/`` (``page_source``) and each notebook as its page shows it (``static_copy``), with a
    link to its slide deck under the title. In Portuguese every page and notebook is translated
    from its catalogue (``tools.translate``), and its links lead to the Portuguese editions."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    repo = course_repo(root)

    def translated(text: str, domain: str) -> str:
        return text if lang == "en" else translate_markdown(text, lookup(root, [domain, "tools"], lang))

    anchors = _translated_anchors(root, lang)
    for page in site_pages(root):
        text = translated(page.read_text(encoding="utf-8"), f"site/{page.stem}")
        if anchors:  # a link to a heading of a page: the translated heading's anchor

            def anchor(match, page=page):
                target = match.group(1) or page.name
                return f"]({match.group(1) or ''}#{anchors.get((target, match.group(2)), match.group(2))})"

            text = re.sub(r"\]\(([\w.-]+\.md)?#([\w-]+)\)", anchor, text)
        if lang != "en" and page.stem == "index":  # said once, on the landing page: what stays English
            title, rest = text.split("\n", 1)
            text = f"{title}\n\n*{in_english_note(lang, root)}*\n{rest}"
        (src / page.name).write_text(page_source(text, repo), encoding="utf-8")
    # only included, never a page; its table's names lead to the pages (its badges, to Colab, stay)
    readme = translated((root / "README.md").read_text(encoding="utf-8"), "README")
    readme = re.sub(r"\]\(student/(\d\d_\w+)\.ipynb\)", r"](notebooks/\1.ipynb)", readme)
    if lang != "en":  # the badges open the Portuguese student edition
        readme = relink(readme, lang)
    (src / "README.md").write_text(readme, encoding="utf-8")
    for path, nb in paths_and_notebooks:
        page = folded_solutions(static_copy(nb), lang)
        # the notebook itself to download and its slide deck, beside the Open-in-Colab badge (an
        # image from the web, here a plain link)
        lecturer = (
            f"https://colab.research.google.com/github/{repo}/blob/main/{edition_path(path.name, 'notebooks', lang)}"
        )
        deck = f"../slides/{path.stem}.slides.html"
        links = (
            f'<a href="{path.name}" download>{tr("Download the notebook", lang)}</a> · '
            f'{tr("Slides", lang)}: <a href="{deck}">{tr("this notebook as a deck", lang)}</a> '
            f"({tr('arrow keys; <kbd>s</kbd>: speaker view', lang)}) · "
            f'{tr("Lecturers", lang)}: <a href="{lecturer}">{tr("with the solutions", lang)}</a>'
        )
        title = page.cells[0]
        opens = tr("Open in Colab", lang)
        title.source, found = BADGE.subn(  # the student edition: what a student opens
            lambda m, links=links, opens=opens: (
                f"[{opens}]({m.group(1).replace('/notebooks/', '/student/')}) · {links}"
            ),
            title.source,
        )
        if not found:
            page.cells.insert(1, nbformat.v4.new_markdown_cell(links))
        nbformat.write(page, src / "notebooks" / path.name)


def build_site(src: Path, site: Path, root: Path, static: Path | None, complete: bool = True, lang: str = "en") -> None:
    """Sphinx (myst-nb, sphinx-book-theme, ``site/conf.py``) from ``src`` into ``site``, in
    ``lang``; nothing is executed. ``static``: a folder with ``mathjax/`` for pages that typeset
    formulas offline. Each page links the same page in the other language (the switch)."""
    from sphinx.cmd.build import build_main

    other = "pt_BR" if lang == "en" else "en"
    args = ["-b", "html", "-q", "-c", str(root / "site"), "-d", str(site.parent / f"site-doctrees-{lang}")]
    args += ["-D", f"language={lang}", "-D", f"html_title={tr('GAN course', lang)}"]
    args += ["-D", f"nb_code_prompt_show={tr('Show solution (code cell {type})', lang)}"]
    args += ["-A", f"other_language={other}", "-A", f"other_root={'pt_BR/' if lang == 'en' else '../'}"]
    if static is not None:
        args += ["-D", f"html_static_path={static}"]
    else:  # no npm copy of MathJax: the pages load it from a CDN
        args += [
            "-D",
            "mathjax_path=https://cdn.jsdelivr.net/npm/mathjax@2.7.9/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        ]
    if not complete:  # a few notebooks: the README's table also links the others, not built
        args += ["-D", "suppress_warnings=mystnb.unknown_mime_type,myst.xref_missing"]
    if build_main([*args, str(src), str(site)]) != 0:
        raise SystemExit(f"Sphinx could not build the site in {lang} (its messages are above).")


def build(names=(), run: str = "stored", out=None, node_modules=None, root=None, languages=LANGUAGES) -> list[Path]:
    """Build the course website and the slide decks for the notebooks of checkout ``root``, in
    each of ``languages`` (see the module's docstring)."""
    from tqdm import tqdm

    if run not in ("stored", "quick", "full"):
        raise SystemExit(f"--run must be stored, quick or full, not {run!r}.")
    root = find_root(root)
    out = Path(out) if out is not None else root / "build"
    paths = find_notebooks(names, root)
    site = out / "site"
    if site.exists():
        shutil.rmtree(site)  # pages of renamed or removed notebooks go too
    site.mkdir(parents=True)
    offline = install_assets(site / "assets", Path(node_modules) if node_modules else root / "node_modules")
    assets = (
        "from node_modules (works offline)" if offline else "from CDNs (run `npm ci` for an offline site and decks)"
    )
    print(f"Building {len(paths)} notebook(s), outputs: {run}; reveal.js and MathJax {assets}")
    # A re-run never writes into outputs/ (the full runs' figures, metrics and checkpoints).
    run_outputs = os.environ.get("GAN_COURSE_OUTPUT") or out / f"outputs-{run}"
    english = []
    for path in tqdm(paths, desc="notebooks", unit="nb", file=sys.stdout, ncols=90, disable=len(paths) < 2):
        nb = nbformat.read(path, as_version=4)
        if run != "stored":
            execute(
                nb,
                path.parent,
                env={"GAN_COURSE_QUICK": "1" if run == "quick" else "0", "GAN_COURSE_OUTPUT": str(run_outputs)},
                name=path.stem,
            )
        english.append((path, nb))
    written = []
    for lang in languages:
        written += _build_language(english, lang, site, out, root, offline, len(paths) == len(find_notebooks((), root)))
    print(f"Wrote the site and {len(paths)} slide deck(s) to {site} (open {site / 'index.html'})")
    return written


def _build_language(english, lang, site, out, root, offline, complete) -> list[Path]:
    """One language's pages and decks: English at the site's root, the others under ``<lang>/``."""
    from nbconvert import SlidesExporter

    from tools.student import student_version
    from tools.translate import Untranslated

    here = site if lang == "en" else site / lang
    (here / "slides").mkdir(parents=True, exist_ok=True)
    up = "../" * (1 if lang == "en" else 2)  # from a deck to the site's shared assets
    deck = SlidesExporter(
        reveal_scroll=True,
        reveal_transition="none",
        reveal_width="1200",
        reveal_height="800",
        **({key: value.replace("../", up, 1) for key, value in OFFLINE.items()} if offline else {}),
    )
    try:
        notebooks = [
            (path, nb if lang == "en" else translate_notebook(nb, path.name, root, lang)) for path, nb in english
        ]
    except Untranslated as missing:
        raise SystemExit(f"Cannot build the {lang} pages: {missing}. See CONTRIBUTING.md, Translations.") from None
    written = []
    for path, nb in notebooks:
        body, _ = deck.from_notebook_node(
            static_copy(nb, slides=True, lang=lang), resources={"metadata": {"name": path.stem}}
        )
        target = here / "slides" / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    src = out / f"site-src-{lang}"
    write_site_sources(notebooks, src, root, lang)
    static = None
    if offline:  # the pages' MathJax: the same files the decks use, in Sphinx's _static/
        static = src / "_static"
        shutil.copytree(site / "assets" / "mathjax", static / "mathjax")
    build_site(src, here, root, static, complete=complete, lang=lang)
    for path, nb in notebooks:  # the download: the student edition, with the lesson's outputs
        nbformat.write(student_version(nb, path.name, lang=lang), here / "notebooks" / path.name)
    written += [here / f"{page.stem}.html" for page in site_pages(root)]
    written += [here / "notebooks" / f"{p.stem}.html" for p, _ in notebooks]
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (02), names or paths; all when none")
    parser.add_argument(
        "--run",
        choices=["stored", "quick", "full"],
        default="stored",
        help="use the stored outputs (default), or re-run in quick or full mode first",
    )
    parser.add_argument("--out", default=None, help="output folder (default: build/ in the checkout)")
    add_root(parser)
    args = parser.parse_args(argv)
    build(args.notebooks, run=args.run, out=args.out, root=args.root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
