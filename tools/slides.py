"""The slide rules: what ``tools/build.py`` does to its copy of a notebook before making its deck.

``tag`` splits markdown cells too long for one slide at paragraph breaks and gives every cell
its ``slideshow.slide_type``; the notebooks themselves carry no slide metadata. The rules:

* the title cell and every ``##`` heading start a new slide; ``###`` a sub-slide;
* the setup section (``## 0 · Setup`` up to the next ``##``), the cells that only save results
  (``save_metrics``) and the lecturers' ``## Solutions`` are skipped (the two headings' cells are
  tagged ``setup`` and ``solutions``: found by tag, in any language);
* prose after code starts a sub-slide (one idea per slide: its words, its code, its picture),
  as does prose that would make a slide longer than ``SLIDE_CHARS`` characters;
* code stays on the slide of the prose that introduces it, unless it is longer than
  ``LONG_CODE_LINES`` lines, or its stored output (a figure, or more than a few lines of text)
  would join another output already on the slide: then it starts a sub-slide;
* a heading in the middle of a markdown cell starts a new cell.
"""

from __future__ import annotations

import re

SLIDE_CHARS = 900  # prose per slide, at most (a markdown cell longer than this is split)
LONG_CODE_LINES = 25  # a code cell longer than this gets its own sub-slide
SHORT = 150  # a closing remark this short stays on its slide, even a full one
SKIPPED_SECTIONS = ("setup", "solutions")  # tags of the headings whose sections no deck shows


def _text(cell) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, never breaking inside a fenced code block."""
    parts, current, fenced = [], [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                parts.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        parts.append("\n".join(current))
    return parts


def _list_items(paragraph: str, limit: int) -> list[str]:
    """A paragraph longer than ``limit`` that is a list, as its top-level items (each with its
    continuation lines); anything else as it is."""
    if len(paragraph) <= limit or paragraph.lstrip().startswith(("```", "|", "$$")):  # code, table, formula
        return [paragraph]
    if not re.match(r"(\*|-|\d+\.) ", paragraph):  # plain prose: two halves, at a sentence end
        ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-Z*])", paragraph)]
        if ends:
            cut = min(ends, key=lambda e: abs(e - len(paragraph) / 2))
            return [paragraph[:cut], paragraph[cut:].strip()]
        return [paragraph]
    items = []
    for line in paragraph.split("\n"):
        if re.match(r"(\*|-|\d+\.) ", line) or not items:
            items.append(line)
        else:
            items[-1] += "\n" + line
    return items


def _lead_in(paragraph: str) -> bool:
    """A heading, or a short line that introduces what follows ("After this notebook you can"):
    it moves to the next slide with its text."""
    text = paragraph.strip()
    return text.startswith("#") or text.endswith(":") or (len(text) < 80 and "\n" not in text)


def split_long(text: str, limit: int = SLIDE_CHARS) -> list[str]:
    """A markdown text as chunks of whole paragraphs, each at most ``limit`` characters when
    possible (a single longer paragraph stays whole). A heading or a short lead-in stays with
    what follows it."""
    chunks, current = [], []
    for paragraph in [piece for p in _paragraphs(text) for piece in _list_items(p, limit)]:
        candidate = "\n\n".join(current + [paragraph])
        heading_last = bool(current) and _lead_in(current[-1])
        if current and len(candidate) > limit and not (heading_last and len(current) == 1):
            keep = current[-1:] if heading_last else []  # a heading moves on with its text
            chunks.append("\n\n".join(current[: len(current) - len(keep)]))
            current = keep + [paragraph]
        else:
            current.append(paragraph)
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def _new_markdown(text: str, like) -> dict:
    cell = {"cell_type": "markdown", "metadata": dict(like.get("metadata", {})), "source": text}
    if "id" in like:
        cell["id"] = like["id"]
    return cell


def split_at_headings(text: str) -> list[str]:
    """A markdown text cut before every heading that is not its first paragraph (a heading in
    the middle of a cell would otherwise sit at the bottom of someone else's slide)."""
    parts = []
    for paragraph in _paragraphs(text):
        if not parts or paragraph.startswith("#"):
            parts.append([paragraph])
        else:
            parts[-1].append(paragraph)
    if len(parts) <= 1:
        return [text]
    return ["\n\n".join(part) for part in parts]


def split_cells(cells: list) -> list:
    """Markdown cells cut before headings in their middle, and those longer than ``SLIDE_CHARS``
    at paragraph breaks (cells tagged ``solution``, which the student version replaces whole,
    are left as they are)."""
    out = []
    for cell in cells:
        text = _text(cell)
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] != "markdown" or "solution" in tags:
            out.append(cell)
            continue
        chunks = [
            chunk
            for part in split_at_headings(text)
            for chunk in (split_long(part) if len(part) > SLIDE_CHARS else [part])
        ]
        if len(chunks) == 1:  # one paragraph longer than a slide: nothing to split at
            out.append(cell)
            continue
        for i, chunk in enumerate(chunks):
            piece = _new_markdown(chunk, cell)
            if i and "id" in piece:
                piece["id"] = f"{cell['id'][:60]}-{i}"
            out.append(piece)
    return out


def _shows_output(cell) -> bool:
    """Whether a code cell's stored output fills a good part of a slide: a picture, or more
    than a few lines of text."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if any(key.startswith("image/") for key in data):
            return True
        text = output.get("text", "")
        if (text if isinstance(text, str) else "".join(text)).count("\n") > 4:
            return True
    return False


def slide_types(cells: list) -> list[str]:
    """One reveal.js slide type per cell, by the rules in the module's docstring."""
    types, section, on_slide, outputs_on_slide, previous = [], "", 0, 0, None
    for cell in cells:
        text = _text(cell)
        heading = re.match(r"(#{1,3}) ", text)
        level = len(heading.group(1)) if heading else 0
        if cell["cell_type"] == "markdown" and level in (1, 2):
            tags = cell.get("metadata", {}).get("tags", [])
            section = next((t for t in tags if t in SKIPPED_SECTIONS), "")
        skipped = bool(section)
        if skipped or (cell["cell_type"] == "code" and "save_metrics(" in text):
            kind = "skip"
        elif cell["cell_type"] == "markdown":
            if level in (1, 2):
                kind = "slide"
            elif level == 3 or previous == "code" or (on_slide + len(text) > SLIDE_CHARS and len(text) > SHORT):
                kind = "subslide"
            else:
                kind = "-"
        else:
            shows = _shows_output(cell)
            kind = "subslide" if len(text.splitlines()) > LONG_CODE_LINES or (shows and outputs_on_slide) else "-"
        if kind in ("slide", "subslide"):
            on_slide, outputs_on_slide = 0, 0
        if cell["cell_type"] == "code" and kind != "skip" and _shows_output(cell):
            outputs_on_slide += 1
        if cell["cell_type"] == "markdown" and kind != "skip":
            on_slide += len(text)
        if kind != "skip":
            previous = cell["cell_type"]
        types.append(kind)
    return types


def tag(nb: dict) -> dict:
    """The notebook (a dict as in the .ipynb file) with long prose split and every cell tagged."""
    cells = split_cells(nb["cells"])
    seen = set()
    for cell, kind in zip(cells, slide_types(cells)):
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
        if "id" in cell:  # split cells get derived ids: keep every id unique, as nbformat requires
            base, k = cell["id"][:56], 1
            while cell["id"] in seen:
                cell["id"] = f"{base}-u{k}"
                k += 1
            seen.add(cell["id"])
    return {**nb, "cells": cells}
