"""Lecturers' tools: the slide rules applied to the build's copy of every notebook, and the
HTML / slides build."""

import copy
import json
import re
from pathlib import Path

import nbformat
import pytest

from tools import build, home, slides

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def text(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_deck_follows_the_slide_rules(path):
    nb = nbformat.read(path, as_version=4)
    assert not any("slideshow" in c.metadata for c in nb.cells), "the rules live in tools/slides.py, not in notebooks"
    deck = build.static_copy(nb, slides=True)  # the copy the build turns into the deck
    assert not any("slideshow" in c.metadata for c in nb.cells), "the notebook itself is left as it is"
    cells = deck.cells
    kinds = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in cells]
    assert set(kinds) <= TYPES, "every cell has a slide type"
    assert slides.tag(copy.deepcopy(deck))["cells"] == cells, "the rules are stable: a second pass changes nothing"
    assert kinds[0] == "slide" and text(cells[0]).startswith("# ")
    setup = [k for c, k in zip(cells, kinds) if "COURSE_REPO" in text(c) or "setup" in c.metadata.get("tags", [])]
    assert setup and set(setup) == {"skip"}, "the setup section is skipped"
    solutions = kinds[next(i for i, c in enumerate(cells) if "solutions" in c.metadata.get("tags", [])) :]
    assert set(solutions) == {"skip"}, "the lecturers' solutions are not presented"
    shown = [
        text(c)
        for c, k in zip(cells, kinds)
        if c["cell_type"] == "markdown" and k != "skip" and "\n|---" not in text(c)
    ]  # a table is one block
    assert max(map(len, shown)) <= 1000, "prose that fits on a slide"
    ids = [cell.get("id") for cell in cells]
    assert len(ids) == len(set(ids)), "split cells keep the deck's cell ids unique"
    nbformat.validate(deck)


def test_split_long_keeps_paragraphs_headings_and_code_whole():
    para = "word " * 150  # 750 characters
    fenced = "```python\nx = 1\n\ny = 2\n```"
    chunks = slides.split_long(f"## Title\n\n{para}\n\n{fenced}\n\n{para}", limit=900)
    assert chunks[0].startswith("## Title") and para.strip() in chunks[0]
    assert any(fenced in c for c in chunks), "a fenced block is never cut"
    assert len(chunks) == 2
    items = "\n".join(f"* item {i} " + "x" * 200 for i in range(8))
    assert len(slides.split_long(items, limit=900)) == 2  # a long list splits between items
    assert slides.split_long("short", limit=900) == ["short"]


def test_slide_types_follow_the_rules():
    md, code = (lambda s: {"cell_type": "markdown", "source": s}), (lambda s: {"cell_type": "code", "source": s})
    tagged = lambda s, tag: {**md(s), "metadata": {"tags": [tag]}}  # noqa: E731
    cells = [
        md("# Title"),
        tagged("## 0 · Setup", "setup"),
        code("import helpers"),
        md("## 1 · Idea"),
        code("x = 1"),
        md("What x means."),
        md("### Detail"),
        code("\n".join(["y = 2"] * 30)),
        code("helpers.save_metrics(OUT, a=1)"),
        tagged("## Solutions", "solutions"),
        md("answer"),
    ]
    assert slides.slide_types(cells) == [
        "slide",
        "skip",
        "skip",
        "slide",
        "-",
        "subslide",
        "subslide",
        "subslide",
        "skip",
        "skip",
        "skip",
    ]


def test_build_writes_pages_and_decks_without_widget_views(tmp_path):
    written = build.build(["02"], run="stored", out=tmp_path, root=ROOT, languages=("en",))
    site = tmp_path / "site"
    page, deck = site / "notebooks/02_digit7_gan.html", site / "slides/02_digit7_gan.slides.html"
    pages = {site / f"{p.stem}.html" for p in build.site_pages(ROOT)}  # the landing page and the others
    assert {site / "index.html", site / "measured.html"} <= pages
    assert set(written) == {page, deck, *pages} and all(p.is_file() for p in written)
    # a page's link into the repository (../benchmarks/README.md, for GitHub) leads to GitHub
    repo = f"https://github.com/{home.course_repo(ROOT)}/blob/main/"
    assert f'href="{repo}benchmarks/README.md"' in (site / "measured.html").read_text()
    html = deck.read_text()
    assert html.count("<section") >= 10 and "widget-view+json" not in html
    assert "Setup" not in html.split("<body", 1)[1].split("Learning objectives")[0]  # skipped
    figures = re.findall(r'<img[^>]+src="(\.\./_images/[^"]+\.png)"', page.read_text())
    assert len(figures) >= 5 and all((page.parent / f).is_file() for f in figures)  # the stored figures
    assert 'src="data:image/gif;base64,' in html and 'src="data:image/gif;base64,' in page.read_text()  # the GIF
    assert "colab-badge.svg" not in html and "Open in Colab</a>" in html  # no image from the web on a slide
    text = page.read_text()
    assert "colab-badge.svg" not in text and 'href="../slides/02_digit7_gan.slides.html"' in text  # its deck
    if (ROOT / "node_modules/reveal.js/dist/reveal.js").is_file():
        assert (site / "assets/reveal.js/dist/reveal.js").is_file()
        assert (site / "assets/mathjax/MathJax.js").is_file() and (site / "_static/mathjax/MathJax.js").is_file()
        assert 'src="../assets/require.js"' in html and "../assets/mathjax/MathJax.js" in html  # works offline


def test_solutions_on_the_site_sit_behind_a_toggle(tmp_path):
    """The lesson is in plain sight, its solutions are not: a prose answer and the Solutions
    section in collapsed boxes, a solution's code with its input hidden."""
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_markdown_cell("Because D wins outright.")
    answer.metadata["tags"] = ["solution"]
    code = nbformat.v4.new_code_cell("# SOLUTION: build the generator\ng = 1")
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nThe lesson."),
        nbformat.v4.new_code_cell("x = 1"),
        code,
        nbformat.v4.new_markdown_cell("**Why** does D win?"),
        answer,
        nbformat.v4.new_markdown_cell("## Solutions", metadata={"tags": ["solutions"]}),
        nbformat.v4.new_markdown_cell("**1.** Lower D's learning rate."),
    ]
    folded = build.folded_solutions(nb)
    assert [c.source for c in folded.cells[:2]] == ["# Title\n\nThe lesson.", "x = 1"]
    assert folded.cells[2].metadata["tags"] == ["hide-input"] and "tags" not in folded.cells[1].metadata
    for cell in (folded.cells[4], folded.cells[6]):
        assert cell.source.startswith("````{admonition} Show solution\n:class: dropdown")
    assert folded.cells[3].source == "**Why** does D win?"  # the question stays in sight
    assert nb.cells[4].source == "Because D wins outright."  # the notebook itself is untouched
    build.build(["04"], run="stored", out=tmp_path, root=ROOT, languages=("en",))
    page = (tmp_path / "site/notebooks/04_cifar10_cars_exercise.html").read_text()
    assert page.count('class="dropdown admonition"') >= 2 and "tag_hide-input" in page
    assert "Show solution (code cell source)" in page


def test_static_copy_keeps_the_picture_of_a_widget():
    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output(
        "display_data", data={"image/png": "AAAA", "text/plain": "x", build.WIDGET_VIEW: {"model_id": "1"}}
    )
    nb.cells = [nbformat.v4.new_code_cell("w", outputs=[out])]
    nb.metadata["widgets"] = {"state": {}}
    static = build.static_copy(nb)
    assert static.cells[0].outputs[0].data.keys() == {"image/png", "text/plain"} and "widgets" not in static.metadata
    assert build.WIDGET_VIEW in nb.cells[0].outputs[0].data  # the original is untouched


def test_the_deck_copy_is_split_and_tagged_the_notebook_is_not():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title\n\nIntro.\n\n## 1 · Idea\n\nText.")])
    deck = build.static_copy(nb, slides=True)
    assert [(text(c), c.metadata.slideshow.slide_type) for c in deck.cells] == [
        ("# Title\n\nIntro.", "slide"),
        ("## 1 · Idea\n\nText.", "slide"),
    ]
    assert len(nb.cells) == 1 and "slideshow" not in nb.cells[0].metadata
    assert "slideshow" not in build.static_copy(nb).cells[0].metadata  # a page is not cut into slides


def test_build_explains_an_unknown_notebook():
    with pytest.raises(SystemExit, match="No single notebook called '42'"):
        build.find_notebooks(["42"], ROOT)
    assert build.find_notebooks(["02"], ROOT)[0].name == "02_digit7_gan.ipynb"


def test_build_can_re_run_a_notebook_first_without_touching_it(tmp_path, monkeypatch):
    source = tmp_path / "99_tiny.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny"),
        nbformat.v4.new_code_cell("import os\nprint('quick mode:', os.environ['GAN_COURSE_QUICK'])"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell("print('outputs in', os.environ['GAN_COURSE_OUTPUT'])"))
    nbformat.write(nb, source)
    before = source.read_text()
    monkeypatch.delenv("GAN_COURSE_OUTPUT", raising=False)
    build.build([str(source)], run="quick", out=tmp_path / "build", root=ROOT, languages=("en",))
    page = (tmp_path / "build/site/notebooks/99_tiny.html").read_text()
    assert "quick mode: 1" in page
    assert f"outputs in {tmp_path / 'build' / 'outputs-quick'}" in page  # never over outputs/
    assert source.read_text() == before  # a copy was executed, not the notebook


def test_a_heading_inside_a_cell_starts_a_new_one_and_outputs_get_room():
    cells = slides.split_cells(
        [
            {
                "cell_type": "markdown",
                "metadata": {},
                "id": "a1",
                "source": "About checkpoints.\n\n## 5 · Watching it learn\n\nText.",
            }
        ]
    )
    assert [text(c) for c in cells] == ["About checkpoints.", "## 5 · Watching it learn\n\nText."]
    assert len({c["id"] for c in cells}) == 2
    fenced = "```python\n# a comment, not a heading\nx = 1\n```"
    assert slides.split_at_headings(f"Intro.\n\n{fenced}") == [f"Intro.\n\n{fenced}"]
    figure = {"output_type": "display_data", "data": {"image/png": "AAAA"}}
    md, code = (
        (lambda s: {"cell_type": "markdown", "source": s}),
        (lambda s, outs=(): {"cell_type": "code", "source": s, "outputs": list(outs)}),
    )
    kinds = slides.slide_types(
        [md("## 1 · Plots"), code("plot_a()", [figure]), code("x = 1"), code("plot_b()", [figure])]
    )
    assert kinds == ["slide", "-", "-", "subslide"]  # the second figure gets a slide of its own


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cell_ids_are_unique(path):
    ids = [cell.get("id") for cell in json.loads(path.read_text())["cells"]]
    assert len(ids) == len(set(ids)), "nbformat requires unique cell ids"
