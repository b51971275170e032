"""The Portuguese edition (tools/translate.py): every text translated from the current English
sources, nothing fuzzy or stale, code spans, formulas and links kept, the glossary followed; the
generated notebooks are the English ones with only their prose (and the check verdicts, and the
setup cell) in Portuguese; the student edition is the same whichever order it is made in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from tools import home, translate
from tools.student import student_version

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PT = translate.LANG


def test_every_text_of_the_current_sources_is_translated_and_keeps_what_it_must():
    """Extracted now from the English notebooks, pages, README and run-time messages (not only
    the committed catalogues): 0 missing, 0 fuzzy, 0 untranslated, and no entry that copies its
    English, loses a code span, formula or link, or breaks the glossary."""
    counts = translate.counts(ROOT)
    assert counts["entries"] > 1000
    assert (counts["missing"], counts["fuzzy"], counts["untranslated"]) == (0, 0, 0), (
        f"{counts}: run python -m tools.translate update, translate, then build (CONTRIBUTING.md)"
    )
    wrong = []
    for domain, entries in translate.sources(ROOT).items():
        table = {e.msgid: e for e in translate.catalogue(ROOT, domain)}
        for msgid in dict.fromkeys(m for m, _ in entries):
            template = domain in ("helpers", "tools")  # str.format templates: their fields are kept
            found = translate.problems(
                msgid, table[msgid].msgstr, ROOT, msgid in translate.identical(ROOT), template=template
            )
            wrong += [f"{domain}: {msgid[:60]!r}: {problem}" for problem in found]
    assert not wrong, "\n".join(wrong[:25])


def test_the_catalogues_hold_only_what_the_sources_say():
    """No entry left over from text that is gone (sphinx-intl drops obsolete ones on update)."""
    for domain, entries in translate.sources(ROOT).items():
        wanted = {msgid for msgid, _ in entries}
        po = translate.catalogue(ROOT, domain)
        extra = [e.msgid[:60] for e in po if e.msgid not in wanted or e.obsolete]
        assert not extra, f"{domain}: {extra[:5]}"
    domains = {f"{p.parent.name}/{p.stem}" if p.parent.name != "LC_MESSAGES" else p.stem for p in _po_files()}
    assert domains == set(translate.sources(ROOT)), "a catalogue without its English source"


def _po_files():
    return sorted((ROOT / "locale" / PT / "LC_MESSAGES").rglob("*.po"))


def test_the_checks_of_an_entry_catch_the_typical_mistakes():
    ok = "O **gerador** recebe `z` e devolve $G(z)$ ([artigo](https://arxiv.org/abs/1406.2661))."
    english = "The **generator** takes `z` and returns $G(z)$ ([paper](https://arxiv.org/abs/1406.2661))."
    assert translate.problems(english, ok, ROOT) == []
    for wrong, words in [
        ("", "untranslated"),
        (english, "is the English text"),
        (ok.replace("`z`", "z"), "code spans"),
        (ok.replace("`z`", "`zeta`"), "code spans"),
        (ok.replace("$G(z)$", "G(z)"), "formulas"),
        (ok.replace("1406.2661", "1406.2662"), "links"),
        (ok.replace("gerador", "criador"), "glossary: 'generator'"),
    ]:
        assert any(words in problem for problem in translate.problems(english, wrong, ROOT)), (wrong, words)
    message = "{what} returned shape {shape}: {hint}"
    assert translate.problems(message, "{what} devolveu o formato {shape}: {hint}", ROOT, template=True) == []
    for wrong in ("{what} devolveu o formato {forma}: {hint}", "{what} devolveu o formato: {hint}"):
        assert "fields differ" in " ".join(translate.problems(message, wrong, ROOT, template=True))
    # a glossary term inside code or a link's target is not prose: nothing to enforce there
    assert translate.problems("Call `generator.fit()`.", "Chame `generator.fit()`.", ROOT) == []


def test_the_glossary_is_consistent():
    rules = translate.glossary(ROOT)
    english = [en for _, _, en, _ in rules]
    assert len(english) == len(set(english)) >= 40
    # a term inside a longer one (batch in batch normalisation) is satisfied by the longer one's form
    for pattern, forms, en, _pt in rules:
        for _, longer_forms, longer, _ in rules:
            if longer != en and pattern.search(longer):
                assert any(f in lf for f in forms for lf in longer_forms), (en, longer)


def test_the_generated_files_are_what_the_tool_makes():
    assert translate.stale(ROOT) == [], "run python -m tools.translate build"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_portuguese_notebook_is_the_english_one_with_its_prose_translated(path):
    """Same cells (ids, kinds, tags), same code (the setup cell aside), same outputs (the check
    cells' verdicts aside), in both editions; the prose translated; badges open themselves."""
    setup_en = home.setup_cell(home.course_repo(ROOT), home.course_ref(ROOT))
    setup_pt = home.setup_cell(home.course_repo(ROOT), home.course_ref(ROOT), PT)
    for edition in ("notebooks", "student"):
        en = nbformat.read(ROOT / edition / path.name, as_version=4)
        pt = nbformat.read(ROOT / PT / edition / path.name, as_version=4)
        assert [(c.get("id"), c.cell_type, c.metadata.get("tags")) for c in pt.cells] == [
            (c.get("id"), c.cell_type, c.metadata.get("tags")) for c in en.cells
        ]
        translated = 0
        for mine, theirs in zip(pt.cells, en.cells):
            if mine.cell_type == "markdown":
                translated += mine.source != theirs.source
                continue
            if theirs.source == setup_en:
                assert mine.source == setup_pt and 'GAN_COURSE_LANG"] = "pt_BR"' in mine.source
            else:
                assert mine.source == theirs.source, mine.get("id")
            if "check" in mine.metadata.get("tags", []):
                verdicts = [o.text for o in mine.outputs if o.output_type == "stream"]
                assert all("Exercício" in text and "Exercise" not in text for text in verdicts)
            else:
                assert mine.outputs == theirs.outputs, mine.get("id")
        assert translated >= 0.8 * sum(c.cell_type == "markdown" for c in en.cells)
        assert f"/blob/main/{PT}/{edition}/{path.name})" in pt.cells[0].source, "the badge opens this edition"


def test_the_portuguese_readme_opens_the_portuguese_notebooks_and_links_back():
    readme = (ROOT / PT / "README.md").read_text(encoding="utf-8")
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    assert translate.TO_ENGLISH in readme and translate.TO_PORTUGUESE in english
    badges = re.findall(r"colab\.research\.google\.com/github/[^)]+/blob/main/([^)]+\.ipynb)", readme)
    assert len(badges) == len(NOTEBOOKS) and all(b.startswith(f"{PT}/student/") for b in badges)
    for target in re.findall(r"\]\(([^)#\s]+)", readme):  # every link into the repository leads to a file
        if not target.startswith(("http", "mailto")):
            assert (ROOT / PT / target).resolve().exists(), target


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_portuguese_student_edition_is_the_same_whichever_order_it_is_made_in(path):
    english = nbformat.read(path, as_version=4)
    one = translate.translate_notebook(student_version(english, path.name), path.name, ROOT)
    other = student_version(translate.translate_notebook(english, path.name, ROOT), path.name, lang=PT)
    assert nbformat.writes(one) == nbformat.writes(other)


def test_markdown_pieces_are_found_and_replaced_in_place():
    text = (
        "# Title\n\nA paragraph\nover two lines with `code`.\n\n* an item\n  continued\n* $x$\n\n"
        "> quoted\n\n| a | b \\| c |\n|---|---|\n| one | 12 s |\n\n$$\ny = 1\n$$\n\n"
        "[![Open In Colab](https://x/badge.svg)](https://x/nb.ipynb)\n"
    )
    pieces = [p.msgid for p in translate.pieces(text)]
    assert pieces == [
        "Title",
        "A paragraph over two lines with `code`.",
        "an item continued",
        "quoted",
        "a",
        "b | c",
        "one",
    ]  # a formula, a number with its unit and a badge have nothing to translate
    out = translate.translate_markdown(text, lambda m: f"<{m}>")
    assert out.startswith("# <Title>\n\n<A paragraph over two lines with `code`.>\n\n* <an item continued>\n* $x$\n")
    assert "> <quoted>" in out and "| <a> | <b \\| c> |" in out and "| <one> | 12 s |" in out
    assert "$$\ny = 1\n$$" in out and "badge.svg" in out
    assert [p.msgid for p in translate.pieces(translate.translate_markdown(text, lambda m: m))] == pieces


def test_a_changed_english_paragraph_makes_its_translation_fuzzy_and_stops_the_build(tmp_path):
    """The workflow CONTRIBUTING.md gives: update marks the edited paragraph fuzzy (keeping the
    old translation as a draft), check fails, build refuses; translated again, all is well."""
    for name in ("notebooks", "site", "helpers", "tools", "locale"):
        (tmp_path / name).mkdir()
    (tmp_path / "locale" / "glossary.csv").write_text("en,pt_BR,seeds_count,note\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1.2.3"\n', encoding="utf-8")
    (tmp_path / "helpers" / "course.py").write_text('COURSE_REPO = "a-school/a-course"\n', encoding="utf-8")
    (tmp_path / "README.md").write_text(
        f"# Course\n\n{translate.TO_PORTUGUESE}\n\nRead the notebooks.\n", encoding="utf-8"
    )
    (tmp_path / "helpers" / "m.py").write_text('from .i18n import _\n\nMESSAGE = _("right.")\n', encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\nThe generator learns.")]
    nbformat.write(nb, tmp_path / "notebooks" / "00_demo.ipynb")
    for tool in (ROOT / "tools").glob("*.py"):  # the words the tools write (the setup cell's, ...)
        (tmp_path / "tools" / tool.name).write_text(tool.read_text(encoding="utf-8"), encoding="utf-8")

    def fill(translations):
        import polib

        for path in (tmp_path / "locale" / PT / "LC_MESSAGES").rglob("*.po"):
            po = polib.pofile(str(path))
            for entry in po:
                if entry.msgid in translations:
                    entry.msgstr, entry.flags = translations[entry.msgid], []
            po.save()

    translate.update(tmp_path)
    counts = translate.counts(tmp_path)
    assert counts["entries"] > 5 and counts["untranslated"] == counts["entries"] and counts["fuzzy"] == 0
    tools_po = translate.catalogue(ROOT, "tools")  # the tools' own words (the setup cell's), as translated
    fill({e.msgid: e.msgstr for e in tools_po})
    fill({"Title": "Título", "The generator learns.": "O gerador aprende.", "Course": "Curso"})
    fill({"Read the notebooks.": "Leia os notebooks.", "right.": "certo."})
    assert translate.main(["check", "--root", str(tmp_path)]) == 0
    nb.cells[0].source = "# Title\n\nThe generator learns fast."
    nbformat.write(nb, tmp_path / "notebooks" / "00_demo.ipynb")
    translate.update(tmp_path)
    po = translate.catalogue(tmp_path, "notebooks/00_demo")
    [edited] = [e for e in po if e.msgid == "The generator learns fast."]
    assert edited.fuzzy and edited.msgstr == "O gerador aprende."  # the old translation, as a draft
    assert translate.main(["check", "--root", str(tmp_path)]) == 1
    with pytest.raises(SystemExit, match="fuzzy"):
        translate.main(["build", "--root", str(tmp_path)])
    fill({"The generator learns fast.": "O gerador aprende rápido."})
    assert translate.main(["check", "--root", str(tmp_path)]) == 0
    translate.main(["build", "--root", str(tmp_path)])
    made = nbformat.read(tmp_path / PT / "notebooks" / "00_demo.ipynb", as_version=4)
    assert made.cells[0].source == "# Título\n\nO gerador aprende rápido."
    assert json.loads((tmp_path / PT / "notebooks" / "00_demo.ipynb").read_text())["cells"][0]["id"] == nb.cells[0].id
