"""Notebook 03: reading a training history.

03.1 ``game_lost(history)``: from a history dict (``history.history`` after ``fit``: lists per
     epoch under d_loss, g_loss, acc_real, acc_fake, d_acc, diversity) say whether the game is
     lost at the end of the run: True if D was right on at least 95 % of the images (``d_acc``) in
     each of the last 5 epochs, or if the samples' diversity ratio stayed below 0.1 in each of the
     last 5 epochs; False otherwise, and False for a run of fewer than 5 epochs. These are the
     thresholds of ``helpers.HealthMonitor`` (its ``d_wins`` and ``collapse`` warnings); unlike the
     monitor, which remembers a warning for the rest of the run, ``game_lost`` judges the end.
"""

from __future__ import annotations

import copy

import numpy as np

from .core import Wrong, exercise

# helpers.HealthMonitor's PATIENCE, HIGH and COLLAPSE (tests/test_checks_00_04.py keeps them equal)
PATIENCE, HIGH, COLLAPSE = 5, 0.95, 0.1


def course_game_lost(history) -> bool:
    """True if D has won (accuracy >= 95 %) or the samples have collapsed (diversity ratio
    < 0.1) in each of the last 5 epochs."""
    acc, spread = list(history["d_acc"]), list(history["diversity"])
    d_wins = len(acc) >= PATIENCE and all(a >= HIGH for a in acc[-PATIENCE:])
    collapse = len(spread) >= PATIENCE and all(r < COLLAPSE for r in spread[-PATIENCE:])
    return bool(d_wins or collapse)


def _history(acc, spread, d_loss=None, g_loss=None) -> dict:
    """A synthetic history: D's accuracy and the diversity ratio per epoch; the losses follow the
    accuracy (D's loss near 0 and G's high when D is always right) unless given."""
    acc = np.asarray(acc, dtype="float64")
    real = np.minimum(acc + 0.01, 1.0)
    near_0 = 0.02 + 1.37 * np.clip((0.97 - acc) / 0.35, 0, 1) ** 0.5  # 0.02 once D is right on 97 %
    d_loss = near_0 if d_loss is None else np.broadcast_to(d_loss, acc.shape)
    g_loss = 0.7 + 6.5 * np.clip((acc - 0.6) / 0.4, 0, 1) ** 3 if g_loss is None else np.broadcast_to(g_loss, acc.shape)
    columns = {
        "d_loss": d_loss,
        "g_loss": g_loss,
        "acc_real": real,
        "acc_fake": 2 * acc - real,
        "d_acc": acc,
        "diversity": np.broadcast_to(spread, acc.shape),
    }
    return {k: [round(float(v), 4) for v in values] for k, values in columns.items()}


def _wave(low, high, n, phase=0):
    """n values going up and down between low and high, as a real run's numbers do."""
    return low + (high - low) * (0.5 + 0.5 * np.sin(np.arange(n) * 1.3 + phase))


def _cases() -> dict:
    """name -> (history, lost?, the message when an answer gets this history wrong)."""
    ok_acc, ok_spread = _wave(0.62, 0.8, 40), _wave(0.8, 1.0, 40, 1)
    won, gone = _wave(0.97, 1.0, 40, 2), _wave(0.02, 0.06, 40, 3)
    return {
        "healthy": (
            _history(ok_acc[:20], ok_spread[:20]),
            False,
            "it calls a healthy run lost (D right on 62–80 % of the images, samples as varied as the real "
            "data): is a comparison the wrong way round? D has won when its accuracy is high; a collapse "
            "is when the spread is low.",
        ),
        "d_wins": (
            _history(np.r_[ok_acc[:8], won[:12]], 0.45),
            True,
            "it misses a lost game: D was right on 97–100 % of the images in each of the last 12 epochs, "
            "its loss near 0 and G's loss high. D has won: G learns almost nothing from it.",
        ),
        "collapse": (
            _history(_wave(0.7, 0.85, 20), np.r_[ok_spread[:12], gone[:8]]),
            True,
            "it misses a collapse: the samples' spread stayed below a tenth of the real data's in each of "
            "the last 8 epochs (the generator makes nearly the same image whatever the latent vector), "
            "even though D's accuracy looks fine. Either symptom alone means the game is lost.",
        ),
        "both_symptoms": (
            _history(np.r_[ok_acc[:10], won[:10]], np.r_[ok_spread[:10], gone[:10]]),
            True,
            "it misses a run where D has won and the samples have collapsed, both for the last 10 epochs.",
        ),
        "recovery": (
            _history(np.r_[won[:7], ok_acc[:13]], np.r_[gone[:7], ok_spread[:13]]),
            False,
            "it calls a run lost that recovered: D won the first 7 epochs and the first samples were all "
            "alike (an untrained generator's are), then the game settled for 13 epochs. The question is "
            "whether the game is lost now: judge the last 5 epochs, not any 5 epochs of the run.",
        ),
        "loss_moderate": (
            _history(np.r_[ok_acc[:12], _wave(0.96, 0.975, 8)], 0.6, d_loss=0.5, g_loss=1.4),
            True,
            "it misses a lost game whose losses look moderate: D was right on 96–97 % of the images in each "
            "of the last 8 epochs while its loss stayed near 0.5. The rule reads D's accuracy (how often it "
            "is right), not its loss (how confident it is).",
        ),
        "one_epoch_win": (
            _history(np.r_[ok_acc[:19], 0.97], ok_spread[:20]),
            False,
            "it calls a run lost after a single epoch in which D was right on 97 %: a short lopsided spell is "
            "normal and passes. Only 5 epochs in a row count.",
        ),
        "one_epoch_alike": (
            _history(ok_acc[:20], np.r_[ok_spread[:19], 0.05]),
            False,
            "it calls a run lost after a single epoch of low spread: one epoch is no collapse. Only 5 epochs "
            "in a row count.",
        ),
        "streak_broken": (
            _history(np.r_[ok_acc[:15], 1.0, 1.0, 0.8, 1.0, 1.0], ok_spread[:20]),
            False,
            "it calls a run lost although, in the middle of its last 5 epochs, D was right on only 80 %: "
            "their mean is high, but the streak is broken. Each of the last 5 epochs must pass the threshold.",
        ),
        "long_win_then_recovery": (
            _history(np.r_[won[:27], _wave(0.78, 0.84, 5)], _wave(0.6, 0.9, 32)),
            False,
            "it calls a run lost that D won for 27 epochs before the game recovered for the last 5: over the "
            "whole run D's mean accuracy is above 95 %, but only the last 5 epochs tell the state of the game.",
        ),
        "late_collapse": (
            _history(_wave(0.65, 0.8, 30), np.r_[ok_spread[:24], gone[:6]]),
            True,
            "it misses a late collapse: the spread was fine for 24 epochs, then below a tenth of the real "
            "data's for the last 6. Averaged over the whole run it looks healthy; only the last 5 epochs "
            "tell the state of the game.",
        ),
        "short": (
            _history(won[:3], gone[:3]),
            False,
            "it calls a run of 3 epochs lost: the first epochs are lopsided in every run (the first fakes are "
            "noise), so a run needs 5 epochs in a row of a symptom before it counts as lost.",
        ),
    }


def _one_epoch(h):
    return h["d_acc"][-1] >= HIGH or h["diversity"][-1] < COLLAPSE


def _whole_run(h):
    return np.mean(h["d_acc"]) >= HIGH or np.mean(h["diversity"]) < COLLAPSE


def _mean_of_last(h):
    return len(h["d_acc"]) >= PATIENCE and (
        np.mean(h["d_acc"][-PATIENCE:]) >= HIGH or np.mean(h["diversity"][-PATIENCE:]) < COLLAPSE
    )


def _any_streak(h):
    def streak(values):
        run = 0
        for present in values:
            run = run + 1 if present else 0
            if run >= PATIENCE:
                return True
        return False

    return streak(a >= HIGH for a in h["d_acc"]) or streak(r < COLLAPSE for r in h["diversity"])


MISTAKES = [  # a typical wrong rule, and what to say when an answer behaves exactly like it
    (
        _one_epoch,
        "it looks at the last epoch only: one lopsided epoch is normal, a lost game lasts. The rule asks "
        "for the symptom in each of the last 5 epochs in a row.",
    ),
    (
        _whole_run,
        "it averages over the whole run: a game lost late looks fine on average, and one that recovered "
        "looks lost. Judge the end of the run, each of the last 5 epochs.",
    ),
    (
        _mean_of_last,
        "it averages the last 5 epochs: one epoch below the threshold breaks the streak, but barely moves "
        "the mean. Each of the last 5 epochs must show the symptom.",
    ),
    (
        _any_streak,
        "it finds 5 lost epochs in a row anywhere in the run, so it calls a run lost that recovered (D wins "
        "the first epochs of most runs). The question is whether the game is lost at the end: the last 5.",
    ),
]


@exercise("03.1", "game_lost(history)", course=lambda: course_game_lost, seconds=5)
def judge_game_lost(game_lost):
    if not callable(game_lost):
        raise Wrong(f"game_lost should be a function of a history dict, not a {type(game_lost).__name__}.")
    cases = _cases()
    answers = {}
    for name, (history, _, _) in cases.items():
        verdict = game_lost(copy.deepcopy(history))
        if verdict is None:
            raise Wrong("game_lost returned None: did you forget `return`?")
        if isinstance(verdict, np.ndarray) and verdict.size != 1:
            raise Wrong(
                f"game_lost returned an array of {verdict.size} values: the answer is one True or False for the "
                f"whole run, so combine the epochs' verdicts into one."
            )
        if not isinstance(verdict, bool | np.bool_ | np.ndarray):
            raise Wrong(f"game_lost returned a {type(verdict).__name__}: return True or False.")
        answers[name] = bool(verdict)
    right = {name: lost for name, (_, lost, _) in cases.items()}
    if answers == right:
        return
    if answers["healthy"]:
        raise Wrong(cases["healthy"][2])
    for rule, message in MISTAKES:
        if answers == {name: bool(rule(h)) for name, (h, _, _) in cases.items()}:
            raise Wrong(message)
    if answers["both_symptoms"] and not answers["d_wins"] and not answers["collapse"]:
        raise Wrong(
            "it calls a run lost only when D has won and the samples have collapsed together: either symptom "
            "alone means the game is lost."
        )
    wrong = next(name for name in cases if answers[name] != right[name])
    raise Wrong(cases[wrong][2])
