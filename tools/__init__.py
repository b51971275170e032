"""Tools for the course's authors and lecturers (not part of the installed ``helpers`` package).

Each runs from the course checkout as ``python tools/<name>.py`` or ``python -m tools.<name>``:
``build`` (HTML pages and slide decks; ``slides`` holds its slide rules), ``export`` (helpers'
taught modules from the notebooks), ``student`` (student versions), ``home`` (the course's
address on GitHub) and ``run_notebooks`` (re-run notebooks and store their outputs).
"""
