"""The course in Brazilian Portuguese, from the English sources and one catalogue per source.

    python -m tools.translate update    # extract the English text; new entries untranslated, changed ones fuzzy
    python -m tools.translate build     # write the Portuguese editions from the catalogues
    python -m tools.translate check     # count entries; fails on fuzzy, untranslated or stale ones

The English text is the source; the translations are gettext catalogues,
``locale/pt_BR/LC_MESSAGES/<source>.po`` (one per notebook, site page and the README; ``helpers.po``
for the messages a student reads at run time; ``tools.po`` for the few texts the tools write).
``update`` extracts every heading, paragraph, list item and table cell of the English Markdown
(the notebooks' markdown cells, ``site/*.md``, ``README.md``), each ``_("...")`` template in
``helpers/`` and each ``tr("...")`` text in ``tools/`` into templates (``build/gettext/*.pot``) and
merges them into the catalogues with sphinx-intl: an English paragraph that changed keeps its old
translation marked ``fuzzy``, a new one is untranslated. Code, formulas on their own lines, and
cells with nothing to translate (a badge, a number) are not extracted. ``build`` refuses to use a
catalogue with a fuzzy or missing entry, then writes ``pt_BR/notebooks/`` (the lecturer edition:
the English notebook with its markdown translated, the same code and outputs, the setup cell
that sets the language, the check cells' verdicts in Portuguese), ``pt_BR/student/`` (the student
edition of that, ``tools.student``), ``pt_BR/README.md`` and ``helpers/locale/pt_BR/LC_MESSAGES/
helpers.mo`` (what ``helpers.i18n`` reads). The website builds its Portuguese pages from the same
catalogues (``tools/build.py``). ``tests/test_translations.py`` extracts from the current sources
and fails on any entry that is missing, fuzzy, untranslated, equal to its English (outside
``locale/identical.txt``), that loses a code span, formula or link, or that breaks the glossary
(``locale/glossary.csv``); and on a generated file that differs from what this tool makes.
"""

from __future__ import annotations

import argparse
import ast
import copy
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if not __package__:  # run as `python tools/translate.py`: import the tools from the checkout
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
from tools.common import add_root, find_root  # noqa: E402

LANG = "pt_BR"
CHECK_OUTPUT = re.compile(r"^(?P<symbol>✔|…|✘) Exercise (?P<exercise>\d\d\.\d): (?P<message>.*)$")


class Untranslated(Exception):
    """A text has no usable translation (missing, fuzzy or empty in its catalogue)."""


# ----------------------------------------------------------------------------------- the Markdown


@dataclass
class Piece:
    """One translatable unit of a Markdown text: a heading, paragraph or list item's paragraph
    (lines ``start``..``end`` - 1), or a table cell (row ``start``, cell ``column``)."""

    msgid: str
    start: int
    end: int
    column: int | None = None
    first_line: str = ""  # the content's first line, as it stands in the source
    setext: bool = False  # a heading underlined with === or ---: its underline stays
    heading: bool = False


@functools.cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(dollarmath_plugin)


CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$")
BADGE = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)")
LINK = re.compile(r"\]\(([^)\s]+)\)")  # a Markdown link's target
WORDLESS = re.compile(r"^[\W\d_]*(\d[\d.,]*\s*(s|min|h|ms|MB|GB|kB|KB|k)\b[\W\d_]*)*$")


# The README's link to the other language's README: written in that language, never translated
LANGUAGE_LINE = re.compile(r"^\*\*(Em português|In English):\*\* \[[^\]]+\]\((\.\./)?(pt_BR/)?README\.md\)$")
TO_PORTUGUESE = "**Em português:** [o curso em português do Brasil](pt_BR/README.md)"
TO_ENGLISH = "**In English:** [the course in English](../README.md)"


def in_english_note(lang: str, root: Path | None = None) -> str:
    """Said once, on the Portuguese landing page and README: what stays in English."""
    return tr(
        "This is the Brazilian Portuguese edition of the course: the text, the exercises and the checks' "
        "messages. What the code prints while it trains, and the words in the figures, stay in English, "
        "as in the code itself.",
        lang,
        root,
    )


def keep_as_is(text: str) -> bool:
    """Nothing to translate: only code, formulas, a badge, numbers and units (or a language link)."""
    if LANGUAGE_LINE.match(text):
        return True
    rest = BADGE.sub(" ", CODE.sub(" ", MATH.sub(" ", text)))
    return WORDLESS.match(rest.strip()) is not None


def one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines()).strip()


def pieces(text: str) -> list[Piece]:
    """The translatable pieces of Markdown ``text``, in order."""
    tokens = _parser().parse(text)
    found = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and i and tokens[i - 1].type in ("paragraph_open", "heading_open"):
            opener = tokens[i - 1]
            if any(child.type == "hardbreak" for child in token.children or []):
                raise ValueError(f"A hard line break (two spaces or \\ at a line's end) in: {token.content[:60]!r}")
            setext = opener.type == "heading_open" and opener.markup in ("=", "-")
            start, end = opener.map
            first = token.content.splitlines()[0]
            heading = opener.type == "heading_open"
            found.append(Piece(one_line(token.content), start, end, None, first, setext, heading))
        elif token.type == "tr_open":
            column, j = 0, i + 1
            while tokens[j].type != "tr_close":
                if tokens[j].type == "inline":
                    found.append(Piece(one_line(tokens[j].content), token.map[0], token.map[1], column))
                    column += 1
                j += 1
        elif token.type == "fence" and token.info.startswith("{toctree}"):
            for k, line in enumerate(token.content.splitlines()):
                if line.startswith(":caption:"):
                    caption = line.split(":caption:", 1)[1].strip()
                    found.append(Piece(caption, token.map[0] + 1 + k, token.map[0] + 2 + k, None, caption))
    return [piece for piece in found if piece.msgid and not keep_as_is(piece.msgid)]


def _cells(row: str) -> list[str]:
    """A table row's cells as written (pipes escaped with a backslash stay inside their cell)."""
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def translate_markdown(text: str, lookup) -> str:
    """``text`` with every piece replaced by ``lookup(msgid)``."""
    lines = text.split("\n")
    found = pieces(text)
    rows: dict[int, dict[int, str]] = {}
    for piece in found:  # a table row's cells are replaced together, in the row's place below
        if piece.column is not None:
            # markdown-it gives a cell's text with its \| unescaped: escaped again in the row
            rows.setdefault(piece.start, {})[piece.column] = one_line(lookup(piece.msgid)).replace("|", "\\|")
    for piece in reversed(found):  # from the end: a replaced paragraph never moves what is left
        if piece.column is not None:
            if piece.start in rows:
                cells = _cells(lines[piece.start])
                for column, new in rows.pop(piece.start).items():
                    cells[column] = new
                lines[piece.start] = "| " + " | ".join(cells) + " |"
            continue
        first = lines[piece.start]
        at = first.find(piece.first_line.strip())
        if at < 0:
            raise ValueError(f"Cannot find {piece.first_line!r} in line {piece.start + 1}.")
        kept = lines[piece.end - 1 : piece.end] if piece.setext else []
        lines[piece.start : piece.end] = [first[:at] + one_line(lookup(piece.msgid)), *kept]
    return "\n".join(lines)


def markdown_of(path: Path) -> list[str]:
    """The Markdown texts of a source: a notebook's markdown cells, or the file itself."""
    if path.suffix == ".ipynb":
        import nbformat

        return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown"]
    return [path.read_text(encoding="utf-8")]


# ------------------------------------------------------------------------- the other texts' templates


def calls_of(paths, name: str) -> list[tuple[str, str]]:
    """(text, "file:line") of every ``name("literal", ...)`` call in the Python files ``paths``."""
    found = []
    for path in paths:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((first.value, f"{Path(path).name}:{node.lineno}"))
    return found


# --------------------------------------------------------------------------------- the catalogues


def sources(root: Path) -> dict[str, list[tuple[str, str]]]:
    """Every catalogue's entries from the current English sources: domain -> [(msgid, where)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        found[f"notebooks/{path.stem}"] = _entries(path, root)
    for path in sorted((root / "site").glob("*.md")):
        found[f"site/{path.stem}"] = _entries(path, root)
    found["README"] = _entries(root / "README.md", root)
    found["helpers"] = calls_of(sorted((root / "helpers").rglob("*.py")), "_")
    found["tools"] = calls_of(sorted((root / "tools").glob("*.py")), "tr")
    return found


def _entries(path: Path, root: Path) -> list[tuple[str, str]]:
    where = str(path.relative_to(root))
    return [(piece.msgid, where) for text in markdown_of(path) for piece in pieces(text)]


def catalogue_path(root: Path, domain: str, lang: str = LANG) -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"


def write_templates(root: Path, out: Path, domains=None) -> list[Path]:
    """The extracted texts as gettext templates ``out/<domain>.pot`` (all, or only ``domains``)."""
    import polib

    written = []
    for domain, entries in sources(root).items():
        if domains and domain not in domains:
            continue
        pot = polib.POFile(wrapwidth=100)
        pot.metadata = {"Project-Id-Version": "gan-course", "Content-Type": "text/plain; charset=UTF-8"}
        seen: dict[str, polib.POEntry] = {}
        for msgid, where in entries:
            if msgid in seen:
                if (where, "") not in seen[msgid].occurrences:
                    seen[msgid].occurrences.append((where, ""))
                continue
            seen[msgid] = polib.POEntry(msgid=msgid, msgstr="", occurrences=[(where, "")])
            if "{" in msgid and domain in ("helpers", "tools"):
                seen[msgid].flags.append("python-brace-format")
            pot.append(seen[msgid])
        target = out / f"{domain}.pot"
        target.parent.mkdir(parents=True, exist_ok=True)
        pot.save(str(target))
        written.append(target)
    return written


def update(root: Path, domains=None) -> None:
    """Extract, then merge into the catalogues (sphinx-intl: changed entries fuzzy, new ones empty)."""
    from sphinx_intl.basic import update as intl_update

    pot_dir = root / "build" / "gettext"
    if pot_dir.exists():
        import shutil

        shutil.rmtree(pot_dir)
    write_templates(root, pot_dir, domains)
    intl_update(str(root / "locale"), str(pot_dir), (LANG,), line_width=100, ignore_obsolete=True)


@functools.cache
def _catalogue(path: Path, stamp: float):
    import polib

    return polib.pofile(str(path))


@functools.cache
def _table(path: Path, stamp: float) -> dict:
    """The catalogue's entries by msgid, read once per version of the file."""
    return {e.msgid: e for e in _catalogue(path, stamp) if not e.obsolete}


def catalogue(root: Path, domain: str, lang: str = LANG):
    path = catalogue_path(root, domain, lang)
    if not path.is_file():
        raise Untranslated(f"No catalogue {path.relative_to(root)}: run python -m tools.translate update.")
    return _catalogue(path, path.stat().st_mtime)


def lookup(root: Path, domains, lang: str = LANG):
    """A function msgid -> translation from the catalogues ``domains`` (the first that has it)."""
    tables = []
    for domain in domains:
        catalogue(root, domain, lang)  # says which catalogue is missing, if one is
        path = catalogue_path(root, domain, lang)
        tables.append(_table(path, path.stat().st_mtime))

    def find(msgid: str) -> str:
        for table in tables:
            entry = table.get(msgid)
            if entry is not None:
                if entry.fuzzy or not entry.msgstr.strip():
                    state = "fuzzy" if entry.fuzzy else "untranslated"
                    raise Untranslated(f"{state} in {domains[0]}: {msgid[:70]!r}")
                return entry.msgstr
        raise Untranslated(f"not in the catalogue {domains[0]}: {msgid[:70]!r} (run python -m tools.translate update)")

    return find


def tr(text: str, lang: str = "en", root: Path | None = None) -> str:
    """A text the tools write (a link's words, a stub's answer line), in ``lang``."""
    if lang == "en":
        return text
    return lookup(find_root(root), ["tools"], lang)(text)


# ------------------------------------------------------------------------------ what a translation keeps

# not prose the glossary governs: code, formulas, link targets, HTML, addresses, notation such as
# D(fake), and what is quoted or in italics (a paper's title, a printed label)
GLOSSARY_TEXT = re.compile(
    r"`+[^`]*`+|\$\$.+?\$\$|\$[^$\n]+?\$|\]\([^)]*\)|<[^>]+>|https?://\S+|\b[A-Z]\([^)]*\)"
    r"|\"[^\"\n]*\"|“[^”]*”|(?<!\*)\*[^*\n]+\*(?!\*)"
)


def _singular(text: str) -> str:
    """Words without a final s, so that a plural matches its glossary form (redes -> rede)."""
    return re.sub(r"(?<=\w)s\b", "", text)


def kept(text: str) -> dict[str, list[str]]:
    """What a translation must keep from its English: code spans, formulas and link targets."""
    return {
        "code spans": sorted(m.group(0) for m in CODE.finditer(text)),
        "formulas": sorted(m.group(0) for m in MATH.finditer(CODE.sub(" ", text))),
        "links": sorted(LINK.findall(CODE.sub(" ", text))),
    }


@functools.cache
def glossary(root: Path) -> list[tuple[re.Pattern, list[str], str, str]]:
    """(English term's pattern, accepted Portuguese forms, en, pt_BR) from ``locale/glossary.csv``."""
    import csv

    rules = []
    with open(root / "locale" / "glossary.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            note = row["note"].strip()
            if note.startswith("forms:"):
                forms = [form.strip() for form in note[6:].split(";")[0].split("|")]
            else:
                forms = [row["pt_BR"].split("(")[0].strip()]
            pattern = re.compile(rf"\b{re.escape(row['en'])}(?:s|es)?\b", re.IGNORECASE)
            rules.append((pattern, [form.lower() for form in forms if form], row["en"], row["pt_BR"]))
    return rules


def fields(template: str) -> list[str]:
    """A ``str.format`` template's field names, sorted (a format spec may differ: ``{count:,}``'s
    thousands comma reads as a decimal comma in Portuguese, which writes ``{count}``)."""
    import string

    try:
        return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)
    except ValueError as error:
        return [f"(not a template: {error})"]


def problems(msgid: str, msgstr: str, root: Path, identical_ok: bool = False, template: bool = False) -> list[str]:
    """What is wrong with one translated entry (empty when nothing is). ``template``: a run-time
    message, a ``str.format`` template whose fields the translation must keep."""
    found = []
    if not msgstr.strip():
        return ["untranslated"]
    if template and fields(msgid) != fields(msgstr):
        found.append(f"the template's fields differ: English {fields(msgid)}, the translation {fields(msgstr)}")
    if msgstr == msgid and not identical_ok:
        found.append("the translation is the English text (allowed only for entries in locale/identical.txt)")
    english, portuguese = kept(msgid), kept(msgstr)
    for what in english:
        if english[what] != portuguese[what]:
            lost = sorted(set(english[what]) - set(portuguese[what]))
            extra = sorted(set(portuguese[what]) - set(english[what]))
            found.append(
                f"{what} differ: English has {lost or english[what]}, the translation {extra or portuguese[what]}"
            )
    prose_en, prose_pt = GLOSSARY_TEXT.sub(" ", msgid), _singular(GLOSSARY_TEXT.sub(" ", msgstr).lower())
    waived = {term for term, start in glossary_exceptions(root) if msgid.startswith(start)}
    for pattern, forms, en, pt in glossary(root):
        if en in waived:
            continue
        if pattern.search(prose_en) and not any(_singular(form) in prose_pt for form in forms):
            found.append(f"glossary: {en!r} is {pt!r} (one of {forms})")
    return found


def _listed(root: Path, name: str) -> list[str]:
    """The lines of ``locale/<name>`` that are neither empty nor comments (none if it is absent)."""
    path = root / "locale" / name
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


@functools.cache
def glossary_exceptions(root: Path) -> tuple[tuple[str, str], ...]:
    """(term, start of an English text) where the English word is not the glossary's term (the
    "checks" of a plaid pattern): ``locale/glossary-exceptions.txt``, ``term | start``."""
    return tuple(
        tuple(part.strip() for part in line.split("|", 1)) for line in _listed(root, "glossary-exceptions.txt")
    )


@functools.cache
def identical(root: Path) -> frozenset[str]:
    """English texts whose translation may equal them (names, titles of papers): locale/identical.txt."""
    return frozenset(_listed(root, "identical.txt"))


# ------------------------------------------------------------------------------- the Portuguese files


def edition_path(name: str, edition: str, lang: str = LANG) -> str:
    """The repository path of notebook ``name`` in ``edition`` (notebooks or student) and ``lang``."""
    return f"{edition}/{name}" if lang == "en" else f"{lang}/{edition}/{name}"


def relink(text: str, lang: str = LANG) -> str:
    """Open-in-Colab and repository links to a notebook of either edition pointed at the ``lang`` one."""
    return re.sub(r"/blob/main/(notebooks|student)/", rf"/blob/main/{lang}/\1/", text)


def check_output(text: str, root: Path, lang: str = LANG) -> str:
    """A check cell's printed verdict in ``lang`` (a lecturer notebook's checks pass: "right.")."""
    find = lookup(root, ["helpers"], lang)
    lines = []
    for line in text.splitlines(keepends=True):
        match = CHECK_OUTPUT.match(line.rstrip("\n"))
        if not match:
            raise Untranslated(f"a check cell printed {line.strip()!r}: not a verdict this tool can translate")
        message = find(match["message"]).format()
        verdict = find("{symbol} Exercise {exercise}: {message}").format(
            symbol=match["symbol"], exercise=match["exercise"], message=message
        )
        lines.append(verdict + ("\n" if line.endswith("\n") else ""))
    return "".join(lines)


def translate_notebook(nb, name: str, root: Path, lang: str = LANG):
    """Notebook ``nb`` (English, either edition) in ``lang``: markdown translated, links to the
    ``lang`` editions, the setup cell that sets the language, the check cells' verdicts translated;
    code and every other output as they are."""
    from tools import home

    out = copy.deepcopy(nb)
    find = lookup(root, [f"notebooks/{Path(name).stem}", "tools"], lang)
    setup = home.setup_cell(home.course_repo(root), home.course_ref(root))
    for cell in out.cells:
        if cell.cell_type == "markdown":
            cell.source = relink(translate_markdown(cell.source, find), lang)
        elif cell.source == setup:
            cell.source = home.setup_cell(home.course_repo(root), home.course_ref(root), lang)
        elif "check" in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream":
                    output.text = check_output(output.text, root, lang)
    return out


def made(root: Path, lang: str = LANG) -> dict[str, bytes]:
    """Every file the translation writes (repository path -> content), made from the catalogues."""
    import nbformat

    from tools.student import student_version

    files = {}
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        english = nbformat.read(path, as_version=4)
        lecturer = translate_notebook(english, path.name, root, lang)
        student = student_version(lecturer, path.name, lang=lang)
        for edition, nb in (("notebooks", lecturer), ("student", student)):
            nbformat.validate(nb)
            files[edition_path(path.name, edition, lang)] = (nbformat.writes(nb) + "\n").encode("utf-8")
    files[f"{lang}/README.md"] = portuguese_readme(root, lang).encode("utf-8")
    files[f"helpers/locale/{lang}/LC_MESSAGES/helpers.mo"] = _compiled(catalogue(root, "helpers", lang))
    return files


def portuguese_readme(root: Path, lang: str = LANG) -> str:
    """The README in ``lang`` (it lives in ``<lang>/``): its links into the repository one folder up,
    except to the editions of ``<lang>/``; a line back to the English README and the note on
    what stays in English."""
    readme = translate_markdown(
        (root / "README.md").read_text(encoding="utf-8"), lookup(root, ["README", "tools"], lang)
    )

    def link(match):
        target = match.group(1)
        if re.match(r"(https?:|mailto:|#|\.\./|student/|notebooks/)", target):
            return match.group(0)
        return f"](../{target})"

    if TO_PORTUGUESE not in readme:
        raise ValueError(f"README.md should have the line {TO_PORTUGUESE!r} below its first paragraph.")
    readme = relink(LINK.sub(link, readme), lang)  # the badges: this edition
    return readme.replace(TO_PORTUGUESE.replace("](", "](../"), f"{TO_ENGLISH}\n\n{in_english_note(lang, root)}", 1)


def _compiled(po) -> bytes:
    """The catalogue as a .mo file (translated entries only), byte for byte repeatable."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "helpers.mo")
        po.save_as_mofile(target)
        return Path(target).read_bytes()


def stale(root: Path, lang: str = LANG) -> list[str]:
    """The generated files that differ from what ``build`` makes now (or are missing)."""
    return [
        name
        for name, data in made(root, lang).items()
        if not (root / name).is_file() or (root / name).read_bytes() != data
    ]


def build(root: Path, lang: str = LANG) -> list[str]:
    written = []
    for name, data in made(root, lang).items():
        target = root / name
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(name)
    return written


def counts(root: Path, lang: str = LANG) -> dict[str, int]:
    """Entries, and how many are fuzzy, untranslated or missing, over every catalogue, extracted
    from the current sources."""
    total = {"entries": 0, "fuzzy": 0, "untranslated": 0, "missing": 0}
    for domain, entries in sources(root).items():
        wanted = {msgid for msgid, _ in entries}
        path = catalogue_path(root, domain, lang)
        table = {}
        if path.is_file():
            table = {e.msgid: e for e in catalogue(root, domain, lang) if not e.obsolete}
        total["entries"] += len(wanted)
        for msgid in wanted:
            entry = table.get(msgid)
            if entry is None:
                total["missing"] += 1
            elif entry.fuzzy:
                total["fuzzy"] += 1
            elif not entry.msgstr.strip():
                total["untranslated"] += 1
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "build", "check"])
    parser.add_argument("domains", nargs="*", help="update only these catalogues (e.g. site/index helpers)")
    add_root(parser)
    args = parser.parse_args(argv)
    root = find_root(args.root)
    if args.command == "update":
        update(root, args.domains)
    if args.command == "build":
        try:
            written = build(root)
        except Untranslated as missing:
            raise SystemExit(f"Cannot build the {LANG} edition: {missing}") from None
        print(f"wrote {len(written)} file(s)" + "".join(f"\n  {name}" for name in written))
        return 0
    total = counts(root)
    print(
        f"{LANG}: {total['entries']} entries; {total['fuzzy']} fuzzy, {total['untranslated']} untranslated, "
        f"{total['missing']} not yet in a catalogue"
    )
    if args.command == "check" and (total["fuzzy"] or total["untranslated"] or total["missing"]):
        print("Translate them (the #, fuzzy and empty entries in locale/), then: python -m tools.translate build")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
