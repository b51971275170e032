"""The exercise checks' messages go through ``helpers.i18n._``, in a form the catalogue tool can
extract (read by ``ast``, never imported): every template is one string literal whose ``{fields}``
are exactly the keywords its call passes, and the English a student reads is what it was."""

import ast
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.checks import judge

CHECKS = Path(__file__).resolve().parent.parent / "helpers" / "checks"
MODULES = sorted(path for path in CHECKS.glob("*.py") if path.name != "__init__.py")


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _calls(tree, name):
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
    ]


def _is_text(node) -> bool:
    """A message written in place: a string literal, an f-string, or text glued with + or %."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return True
    return isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


def _templates(tree):
    """(call, template) for every ``_("...", ...)`` call whose first argument is a literal."""
    return [
        (call, call.args[0].value)
        for call in _calls(tree, "_")
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
    ]


def _fields(template: str) -> set[str]:
    """The names a template fills in: ``{got:.4f}`` -> got, ``{shape[0]}`` -> shape."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(template):
        if field is not None:
            names.add(re.match(r"[^.\[]*", field).group())
    return names


def _where(path, node) -> str:
    return f"{path.name}:{node.lineno}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_messages_are_written_through_the_translation_function(path):
    tree = _tree(path)
    problems = []
    for call in _calls(tree, "Wrong"):
        if call.args and _is_text(call.args[0]):
            problems.append(f"{_where(path, call)}: Wrong() gets its text directly, not through _()")
    for call in _calls(tree, "Result"):  # Result(exercise, status, message)
        if len(call.args) >= 3 and _is_text(call.args[2]):
            problems.append(f"{_where(path, call)}: Result()'s message is not written through _()")
    for call in _calls(tree, "_"):
        first = call.args[0] if call.args else None
        if len(call.args) != 1 or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            problems.append(f"{_where(path, call)}: _() must get one string literal (no f-string, + or variable)")
        if any(keyword.arg is None for keyword in call.keywords):
            problems.append(f"{_where(path, call)}: _() must name its values (no **values)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_the_translation_function_is_imported_and_never_shadowed(path):
    tree = _tree(path)
    if not _calls(tree, "_"):
        return
    imported = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "i18n"
        and node.level == 2
        and any(alias.name == "_" and alias.asname is None for alias in node.names)
        for node in tree.body
    )
    assert imported, f"{path.name} calls _() without `from ..i18n import _`"
    rebound = [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store))
        or (isinstance(node, ast.arg) and node.arg == "_")
        or (isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == "_")
    ]
    assert not rebound, f"{path.name} binds the name _ on lines {rebound}: it would hide the translation function"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_template_is_filled_by_exactly_its_keywords(path):
    problems = []
    for call, template in _templates(_tree(path)):
        try:
            fields = _fields(template)
        except ValueError as error:  # a single { or }: a literal brace must be written twice
            problems.append(f"{_where(path, call)}: {error}: {template!r}")
            continue
        keywords = {keyword.arg for keyword in call.keywords}
        if fields != keywords:
            problems.append(
                f"{_where(path, call)}: template fields {sorted(fields)} but keywords {sorted(keywords)}: {template!r}"
            )
        bad = sorted(name for name in fields if not re.fullmatch(r"[a-z][a-z0-9_]*", name))
        if bad:
            problems.append(f"{_where(path, call)}: fields should be lower_snake_case names, not {bad}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_has_templates_from_every_module():
    counts = {path.name: len(_templates(_tree(path))) for path in MODULES}
    assert all(counts.values()), counts


# Text written in place that is not a message a student reads: what the checks look for in other
# programs' messages (TensorFlow's, NumPy's, a stub's), and a course author's registration error.
NOT_MESSAGES = {
    "in user code:",
    "Exception encountered when calling",
    "incompatible shapes",
    "not broadcastable",
    "could not be broadcast",
    "dimensions must be equal",
    "not tf.tensor",
    "Exercise {} is registered twice.",
}


WORD = re.compile(r"(?<![\w.])[A-Za-z]{2,}(?![\w(])")  # a word of prose, not part of an identifier or a call


def _written_text(node) -> str:
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_sentence_is_left_outside_the_translation_function(path):
    """A safety net for the next message: any string of several words that is not a docstring, an
    exercise's signature (``exercise("01.1", "d_loss(d_real, d_fake)")``) or a template is suspect."""
    tree = _tree(path)
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in ast.walk(node) if part is not node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "exercise"):
            skip.update(id(arg) for arg in node.args)
        if isinstance(node, ast.keyword) and node.arg == "call":  # a call written out, passed as a value
            skip.add(id(node.value))
    left = []
    for node in ast.walk(tree):
        if id(node) in skip or not (
            isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))
        ):
            continue
        text = _written_text(node)
        if len(WORD.findall(text)) >= 3 and text not in NOT_MESSAGES:
            left.append(f"{_where(path, node)}: {text!r}")
    assert not left, "text a student may read, not written through _():\n" + "\n".join(left)


# ---------------------------------------------------------------------------------------- English


@pytest.fixture
def english(monkeypatch):
    monkeypatch.delenv("GAN_COURSE_LANG", raising=False)


def _stub(d_real, d_fake):
    raise NotImplementedError("your code here")


def test_english_messages_read_as_before(english):
    result = judge("01.1", _stub)
    assert result.status == "skipped"
    assert result.message == "not solved yet (the stub still raises NotImplementedError): write d_loss(d_real, d_fake)."
    assert str(result) == (
        "… Exercise 01.1: not solved yet (the stub still raises NotImplementedError): write d_loss(d_real, d_fake)."
    )
    assert str(judge("01.1", None)) == "… Exercise 01.1: not answered yet: write d_loss(d_real, d_fake)."
    assert judge("01.1", 3).message == "d_loss should be a function of (d_real, d_fake), not an int."
    assert judge("01.1", lambda r, f: "x").message == "d_loss returned a str, not a number (a tensor of shape ())."
    assert str(judge("00.1", lambda p_data, p_g: None)) == (
        "✘ Exercise 00.1: best_d returned None: did you forget `return`?"
    )
    with pytest.raises(ValueError, match=r"^There is no exercise '9\.9'\. The exercises are: 00\.1, 01\.1, "):
        judge("9.9", _stub)


def test_an_error_without_a_message_reads_as_before(english):
    def broken(d_real, d_fake):
        raise KeyError

    assert judge("01.1", broken).message == "d_loss(d_real, d_fake) raised KeyError"


def test_the_check_messages_speak_portuguese_when_the_notebook_says_so(tmp_path):
    """The Portuguese setup cell sets GAN_COURSE_LANG; helpers then prints the checks' verdicts
    from its compiled catalogue (package data, read with the standard library's gettext: run
    outside the checkout, so that the installed package is what is imported)."""
    code = (
        "import helpers\nfrom helpers.checks import check\n"
        "def d_loss(d_real, d_fake):\n    raise NotImplementedError\n"
        "check('01.1', d_loss)\n"
    )
    runs = {}
    for lang in ("en", "pt_BR"):
        env = {**os.environ, "GAN_COURSE_LANG": lang, "GAN_COURSE_QUICK": "1"}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        runs[lang] = done.stdout
    assert "Exercise 01.1: not solved yet" in runs["en"]
    assert "Exercício 01.1" in runs["pt_BR"] and "not solved yet" not in runs["pt_BR"]
