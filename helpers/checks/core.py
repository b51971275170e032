"""The machinery of the exercise checks: a registry, a time limit, and the messages."""

from __future__ import annotations

import contextlib
import random
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..i18n import _

TICK, CROSS = "✔", "✘"
RTOL, ATOL = 1e-3, 1e-4  # the checks' tolerance: it holds on a GPU (TF32 off) and across versions


def close(got, want) -> bool:
    """Whether ``got`` equals ``want`` within the checks' tolerance (arrays broadcast)."""
    return bool(np.allclose(got, want, rtol=RTOL, atol=ATOL))


def article(word: str) -> str:
    """The word with its article, for messages: "an int", "a str"."""
    if word[:1].lower() in "aeiou":
        return _("an {word}", word=word)
    return _("a {word}", word=word)


def a_type(obj) -> str:
    """The type of ``obj`` with its article: "an int", "a float"."""
    return article(type(obj).__name__)


def scalar(value, what: str, hint: str) -> float:
    """``value`` as one number, or a ``Wrong`` that says what came back instead (``hint``: how
    to make it one number)."""
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        raise Wrong(
            _("{what} returned {kind}, not a number (a tensor of shape ()).", what=what, kind=a_type(value))
        ) from None
    if array.size != 1:
        raise Wrong(_("{what} returned shape {shape}: {hint}", what=what, shape=array.shape, hint=hint))
    return float(array.reshape(()))


@contextlib.contextmanager
def unchanged_randomness():
    """Building a Keras layer draws its initial weights' seed from Python's ``random``: restore
    Python's and NumPy's random state afterwards, so that the notebook's next random numbers (and
    models) do not depend on whether a check ran or what it found."""
    python_state, numpy_state = random.getstate(), np.random.get_state()
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)


def taught(name: str, module: str = "exercises"):
    """The course's own ``name``: the lecturer notebook's cell, generated into ``helpers/<module>.py``
    by ``tools.export`` (one source, never a second copy here)."""
    import importlib

    return getattr(importlib.import_module(f"..{module}", __package__), name)


class Wrong(Exception):
    """A wrong answer. Its message names the mistake and hints at the idea, never the answer."""


class TimeLimit(BaseException):
    """Not an Exception: a student's ``except Exception`` must not swallow it."""


@dataclass
class Exercise:
    id: str
    what: str  # what the student writes, as the task names it: "d_loss(d_real, d_fake)"
    judge: Callable  # judge(answer): returns None if right, raises Wrong if not
    course: Callable | None  # () -> the course's own version, used when the answer is not right
    seconds: float


@dataclass
class Result:
    exercise: str
    status: str  # "pass", "fail", "skipped", "error" or "timeout"
    message: str

    def __str__(self) -> str:
        symbol = {"pass": TICK, "skipped": "…"}.get(self.status, CROSS)
        return _("{symbol} Exercise {exercise}: {message}", symbol=symbol, exercise=self.exercise, message=self.message)


EXERCISES: dict[str, Exercise] = {}


def exercise(id: str, what: str, course: Callable | None = None, seconds: float = 10.0):
    """Register the decorated function as the judge of exercise ``id``."""

    def register(judge: Callable) -> Callable:
        if id in EXERCISES:
            raise ValueError(f"Exercise {id} is registered twice.")
        EXERCISES[id] = Exercise(id, what, judge, course, seconds)
        return judge

    return register


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise TimeLimit in the main thread after ``seconds`` (a student's endless loop). Elsewhere
    (no signals off the main thread, or on Windows) the answer simply runs to its end."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)  # and again every 0.5 s, should one be swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def exact_float32():
    """No TensorFloat-32 while judging: on recent GPUs it rounds matrix products to ~1e-3, more
    than the checks' tolerances."""
    import tensorflow as tf

    before = tf.config.experimental.tensor_float_32_execution_enabled()
    tf.config.experimental.enable_tensor_float_32_execution(False)
    try:
        yield
    finally:
        tf.config.experimental.enable_tensor_float_32_execution(before)


def _is_stub(error: NotImplementedError, answer, exercise_id: str) -> bool:
    """Whether the NotImplementedError was raised by the answer's own code (its stub), not by
    something it called deeper down. Inside a compiled step (tf.function) the frames are
    TensorFlow's: there the student edition's stub is known by its message, "Exercise NN.K"."""
    if f"Exercise {exercise_id}" in str(error):
        return True
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code is getattr(answer, "__code__", None)


def _first_line(error: Exception) -> str:
    """The error's message without Keras' "Exception encountered when calling ..." header."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("in user code:"):  # TensorFlow's compiled-step report: the error is last
        return lines[-1][:300]
    lines = [line for line in lines if not line.startswith("Exception encountered when calling")] or lines
    return lines[0][:300] if lines else ""


def judge(exercise_id: str, answer) -> Result:
    """The verdict on ``answer`` for exercise ``exercise_id``, without printing anything."""
    ex = EXERCISES.get(str(exercise_id))
    if ex is None:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(
            _("There is no exercise {exercise!r}. The exercises are: {known}.", exercise=exercise_id, known=known)
        )
    if answer is None or answer is Ellipsis:
        return Result(ex.id, "skipped", _("not answered yet: write {what}.", what=ex.what))
    if not callable(answer):  # every answer is a function: "d_loss(d_real, d_fake)"
        name, args = ex.what.split("(", 1)
        if args == ")":
            message = _("{name} should be a function of no arguments, not {kind}.", name=name, kind=a_type(answer))
        else:
            message = _(
                "{name} should be a function of ({arguments}), not {kind}.",
                name=name,
                arguments=args.removesuffix(")"),
                kind=a_type(answer),
            )
        return Result(ex.id, "fail", message)
    try:
        with time_limit(ex.seconds), exact_float32(), unchanged_randomness():
            ex.judge(answer)
    except NotImplementedError as error:
        if _is_stub(error, answer, ex.id):
            return Result(
                ex.id,
                "skipped",
                _("not solved yet (the stub still raises NotImplementedError): write {what}.", what=ex.what),
            )
        return Result(
            ex.id,
            "error",
            _("{what} raised NotImplementedError deep inside: {text}", what=ex.what, text=_first_line(error)),
        )
    except Wrong as wrong:
        return Result(ex.id, "fail", str(wrong))
    except TimeLimit:
        return Result(
            ex.id,
            "timeout",
            _(
                "{what} did not finish within {seconds:g} s: is there an endless loop?",
                what=ex.what,
                seconds=ex.seconds,
            ),
        )
    except RecursionError:
        return Result(ex.id, "error", _("{what} calls itself without end (RecursionError).", what=ex.what))
    except Exception as exc:  # the student's code failed: say how, without the checker's traceback
        text, error = _first_line(exc), type(exc).__name__
        if text:
            return Result(ex.id, "error", _("{what} raised {error}: {text}", what=ex.what, error=error, text=text))
        return Result(ex.id, "error", _("{what} raised {error}", what=ex.what, error=error))
    return Result(ex.id, "pass", _("right."))


def check(exercise_id: str, answer):
    """Judge ``answer`` and print the verdict. Returns what the notebook goes on with: the
    answer if it is right, otherwise the course's own version (so Run all still completes)."""
    result = judge(exercise_id, answer)
    print(result)
    if result.status == "pass":
        return answer
    course = EXERCISES[result.exercise].course
    if course is None:
        return answer
    print("   " + _("The notebook goes on with the course's own version; try again whenever you like."))
    return course()
