"""Sphinx configuration of the course website (built by ``python -m tools.build``).

The pages are the notebooks as stored, with their outputs: nothing is executed. The build copies
each notebook (widget views replaced by their pictures) into a source folder beside this one's
``index.md`` and runs Sphinx with this file; see ``tools/build.py``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.home import course_repo  # noqa: E402

REPO = course_repo(ROOT)  # OWNER/NAME, written once in helpers/course.py
LICENCE = (
    f'Code: <a href="https://github.com/{REPO}/blob/main/LICENSE">MIT</a>. Text and figures: '
    '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a> '
    f'(<a href="https://github.com/{REPO}/blob/main/LICENSE-CONTENT.md">terms</a>).'
)

project = "GAN course"
author = "the GAN course contributors"
copyright = "2026, the GAN course contributors"
extensions = ["myst_nb", "sphinx_togglebutton"]  # togglebutton: solutions folded (tools/build.py)
nb_code_prompt_show = "Show solution (code cell {type})"  # only solution cells are hidden (tools/build.py)
nb_execution_mode = "off"  # the stored outputs of each notebook's full classroom run
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]
exclude_patterns = ["README.md"]  # included by index.md, not a page of its own

templates_path = ["_templates"]  # the language switch (tools/build.py builds en and pt_BR)
html_theme = "sphinx_book_theme"
html_title = "GAN course"
html_static_path = []  # tools/build.py adds the offline MathJax
html_show_sourcelink = False
html_theme_options = {
    "repository_url": f"https://github.com/{REPO}",
    "repository_branch": "main",
    "path_to_docs": "",  # a page notebooks/NN.html is notebooks/NN.ipynb in the repository
    "launch_buttons": {},  # each page links Colab itself: the student edition (tools/build.py)
    "use_download_button": False,  # each page links the notebook itself (tools/build.py)
    "use_repository_button": True,
    "use_fullscreen_button": False,
    "extra_footer": f"<p>{LICENCE}</p>",
    "article_header_start": ["toggle-primary-sidebar.html", "language-switch.html"],
}
# MathJax 2 (the version the slide decks use), from npm's copy, so formulas typeset offline
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# myst-nb marks a notebook's page "do not typeset" and its formulas (class "math") "typeset":
# the same rule in MathJax 2's terms
mathjax2_config = {
    "tex2jax": {
        "inlineMath": [["\\(", "\\)"]],
        "displayMath": [["\\[", "\\]"]],
        "processClass": "math|output_area",
        "ignoreClass": "tex2jax_ignore|mathjax_ignore",
    }
}
