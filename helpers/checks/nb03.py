"""Notebook 03: reading a training history.

03.1 ``game_lost(history)``: from a history dict (``history.history`` after ``fit``: lists per
     epoch under d_loss, g_loss, acc_real, acc_fake, d_acc, diversity) say whether the game is
     lost at the end of the run: True if D was right on at least 95 % of the images (``d_acc``) in
     each of the last 5 epochs, or if the samples' diversity ratio stayed below 0.1 in each of the
     last 5 epochs; False otherwise, and False for a run of fewer than 5 epochs. These are the
     thresholds of ``helpers.HealthMonitor`` (its ``d_wins`` and ``collapse`` warnings); unlike the
     monitor, which remembers a warning for the rest of the run, ``game_lost`` judges the end.
03.2 ``spread(images)``: the mean Euclidean distance between two different images of a batch, each
     flattened (``helpers.health.diversity``, the monitor's measure before it divides by the real
     data's): the sum over ordered pairs i != j divided by n (n - 1); 0 when all are alike.
"""

from __future__ import annotations

import copy

import numpy as np

from ..i18n import _
from .core import Wrong, a_type, close, exercise, taught

# helpers.HealthMonitor's PATIENCE, HIGH and COLLAPSE (tests/test_checks_00_04.py keeps them equal)
PATIENCE, HIGH, COLLAPSE = 5, 0.95, 0.1


def _history(acc, spread, d_loss=None, g_loss=None, real=None) -> dict:
    """A synthetic history: D's accuracy and the diversity ratio per epoch; the losses follow the
    accuracy (D's loss near 0 and G's high when D is always right) unless given, and so does D's
    accuracy on the real images (a little above its accuracy on all of them) unless given."""
    acc = np.asarray(acc, dtype="float64")
    real = np.minimum(acc + 0.01, 1.0) if real is None else np.broadcast_to(real, acc.shape)
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
    low_loss = np.r_[[0.6] * 12, [0.05] * 8]  # D's loss when its accuracy is the boundary of a win
    return {
        "healthy": (
            _history(ok_acc[:20], ok_spread[:20]),
            False,
            _(
                "it calls a healthy run lost (D right on 62–80 % of the images, samples as varied as the "
                "real data): is a comparison the wrong way round? D has won when its accuracy is high; a "
                "collapse is when the spread is low."
            ),
        ),
        "d_wins": (
            _history(np.r_[ok_acc[:8], won[:12]], 0.45),
            True,
            _(
                "it misses a lost game: D was right on 97–100 % of the images in each of the last 12 "
                "epochs, its loss near 0 and G's loss high. D has won: G learns almost nothing from it."
            ),
        ),
        "collapse": (
            _history(_wave(0.7, 0.85, 20), np.r_[ok_spread[:12], gone[:8]]),
            True,
            _(
                "it misses a collapse: the samples' spread stayed below a tenth of the real data's in each "
                "of the last 8 epochs (the generator makes nearly the same image whatever the latent "
                "vector), even though D's accuracy looks fine. Either symptom alone means the game is lost."
            ),
        ),
        "both_symptoms": (
            _history(np.r_[ok_acc[:10], won[:10]], np.r_[ok_spread[:10], gone[:10]]),
            True,
            _("it misses a run where D has won and the samples have collapsed, both for the last 10 epochs."),
        ),
        "recovery": (
            _history(np.r_[won[:7], ok_acc[:13]], np.r_[gone[:7], ok_spread[:13]]),
            False,
            _(
                "it calls a run lost that recovered: D won the first 7 epochs and the first samples were "
                "all alike (an untrained generator's are), then the game settled for 13 epochs. The "
                "question is whether the game is lost now: judge the last 5 epochs, not any 5 epochs of "
                "the run."
            ),
        ),
        "loss_moderate": (
            _history(np.r_[ok_acc[:12], _wave(0.96, 0.975, 8)], 0.6, d_loss=0.5, g_loss=1.4),
            True,
            _(
                "it misses a lost game whose losses look moderate: D was right on 96–97 % of the images in "
                "each of the last 8 epochs while its loss stayed near 0.5. The rule reads D's accuracy "
                "(how often it is right), not its loss (how confident it is)."
            ),
        ),
        "one_epoch_win": (
            _history(np.r_[ok_acc[:19], 0.97], ok_spread[:20]),
            False,
            _(
                "it calls a run lost after a single epoch in which D was right on 97 %: a short lopsided "
                "spell is normal and passes. Only 5 epochs in a row count."
            ),
        ),
        "one_epoch_alike": (
            _history(ok_acc[:20], np.r_[ok_spread[:19], 0.05]),
            False,
            _(
                "it calls a run lost after a single epoch of low spread: one epoch is no collapse. Only 5 "
                "epochs in a row count."
            ),
        ),
        "streak_broken": (
            _history(np.r_[ok_acc[:15], 1.0, 1.0, 0.8, 1.0, 1.0], ok_spread[:20]),
            False,
            _(
                "it calls a run lost although, in the middle of its last 5 epochs, D was right on only 80 "
                "%: their mean is high, but the streak is broken. Each of the last 5 epochs must pass the "
                "threshold."
            ),
        ),
        "long_win_then_recovery": (
            _history(np.r_[won[:27], _wave(0.78, 0.84, 5)], _wave(0.6, 0.9, 32)),
            False,
            _(
                "it calls a run lost that D won for 27 epochs before the game recovered for the last 5: "
                "over the whole run D's mean accuracy is above 95 %, but only the last 5 epochs tell the "
                "state of the game."
            ),
        ),
        "late_collapse": (
            _history(_wave(0.65, 0.8, 30), np.r_[ok_spread[:24], gone[:6]]),
            True,
            _(
                "it misses a late collapse: the spread was fine for 24 epochs, then below a tenth of the "
                "real data's for the last 6. Averaged over the whole run it looks healthy; only the last 5 "
                "epochs tell the state of the game."
            ),
        ),
        "short": (
            _history(won[:3], gone[:3]),
            False,
            _(
                "it calls a run of 3 epochs lost: the first epochs are lopsided in every run (the first "
                "fakes are noise), so a run needs 5 epochs in a row of a symptom before it counts as lost."
            ),
        ),
        # the boundaries, one mistake each (they come last: a message names the first case an answer
        # gets wrong, and a grosser mistake is told first)
        "acc_just_under": (
            _history(np.r_[ok_acc[:12], [0.949] * 8], ok_spread[:20], real=np.r_[ok_acc[:12], [0.949] * 8]),
            False,
            _(
                "it calls a run lost in which D was right on 94.9 % of the images in each of the last 8 "
                "epochs: high, but short of a win. Is your accuracy threshold too low?"
            ),
        ),
        "acc_just_over": (
            _history(
                np.r_[ok_acc[:12], [0.955] * 8], ok_spread[:20], d_loss=low_loss, real=np.r_[ok_acc[:12], [0.955] * 8]
            ),
            True,
            _(
                "it misses a lost game: D was right on 95.5 % of the images in each of the last 8 epochs, "
                "more than the task's threshold for a win. Is your accuracy threshold too high?"
            ),
        ),
        "acc_at_threshold": (
            _history(
                np.r_[ok_acc[:12], [0.95] * 8], ok_spread[:20], d_loss=low_loss, real=np.r_[ok_acc[:12], [0.95] * 8]
            ),
            True,
            _(
                "it misses a lost game in which D was right on exactly 95 % of the images in each of the "
                "last 8 epochs: D has won when it is right on at least that share, the threshold itself "
                "included. Is your comparison strict where the rule's is not?"
            ),
        ),
        "spread_just_under": (
            _history(ok_acc[:20], np.r_[ok_spread[:12], [0.099] * 8]),
            True,
            _(
                "it misses a collapse: the samples' spread was 0.099 of the real data's in each of the "
                "last 8 epochs, below the task's threshold. Is your diversity threshold too low?"
            ),
        ),
        "spread_just_over": (
            _history(ok_acc[:20], np.r_[ok_spread[:12], [0.105] * 8]),
            False,
            _(
                "it calls a run lost whose samples' spread was 0.105 of the real data's in each of the "
                "last 8 epochs: low, but not below the task's threshold, so not a collapse. Is your "
                "diversity threshold too high?"
            ),
        ),
        "spread_at_threshold": (
            _history(ok_acc[:20], np.r_[ok_spread[:12], [0.1] * 8]),
            False,
            _(
                "it calls a run lost whose samples' spread was exactly a tenth of the real data's in each "
                "of the last 8 epochs: a collapse is a spread below the threshold, and the threshold "
                "itself is not below it. Is your comparison non-strict where the rule's is strict?"
            ),
        ),
        "fake_lower": (
            _history(np.r_[ok_acc[:12], [0.97] * 8], ok_spread[:20], real=np.r_[ok_acc[:12] + 0.01, [1.0] * 8]),
            True,
            _(
                "it misses a lost game: D was right on 97 % of all the images in each of the last 8 epochs "
                "(every real image, 94 % of the fakes). Which number does it read? The rule is about D's "
                "accuracy on all the images, real and fake together, not on the fakes alone."
            ),
        ),
        "real_perfect": (
            _history(np.r_[ok_acc[:12], [0.925] * 8], ok_spread[:20], real=np.r_[ok_acc[:12] + 0.01, [1.0] * 8]),
            False,
            _(
                "it calls a run lost in which D was right on every real image but only 85 % of the fakes, "
                "92.5 % of all the images, in each of the last 8 epochs. Which number does it read? The "
                "rule is about D's accuracy on all the images, real and fake together, not on the real "
                "ones alone."
            ),
        ),
        "ends_with_recovery": (
            _history(np.r_[ok_acc[:14], won[:5], 0.8], ok_spread[:20]),
            False,
            _(
                "it calls a run lost whose final epoch was healthy: D won the 5 epochs before it, then was "
                "right on only 80 %. The last 5 epochs include the final one: check which epochs your "
                "window takes."
            ),
        ),
        "last_four": (
            _history(np.r_[ok_acc[:16], won[:4]], ok_spread[:20]),
            False,
            _(
                "it calls a run lost in which D won only the last 4 epochs: a lost game shows its symptom "
                "in each of the last 5. Is your window of epochs too short?"
            ),
        ),
        "just_five": (
            _history(np.r_[ok_acc[:15], won[:5]], ok_spread[:20]),
            True,
            _(
                "it misses a lost game: D was right on 97–100 % of the images in exactly the last 5 "
                "epochs, after 15 healthy ones. Five epochs in a row are enough: is your window of epochs "
                "too long, or does it leave out the final epoch?"
            ),
        ),
        "five_epochs": (
            _history(won[:5], ok_spread[:5]),
            True,
            _(
                "it misses a run of exactly 5 epochs in which D won every one: 5 epochs are enough to "
                "judge. Check how it tests the run's length."
            ),
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


def _mistakes() -> list:
    """A typical wrong rule, and what to say when an answer behaves exactly like it (in the course's
    language: built when a check runs)."""
    return [
        (
            _one_epoch,
            _(
                "it looks at the last epoch only: one lopsided epoch is normal, a lost game lasts. The "
                "rule asks for the symptom in each of the last 5 epochs in a row."
            ),
        ),
        (
            _whole_run,
            _(
                "it averages over the whole run: a game lost late looks fine on average, and one that "
                "recovered looks lost. Judge the end of the run, each of the last 5 epochs."
            ),
        ),
        (
            _mean_of_last,
            _(
                "it averages the last 5 epochs: one epoch below the threshold breaks the streak, but "
                "barely moves the mean. Each of the last 5 epochs must show the symptom."
            ),
        ),
        (
            _any_streak,
            _(
                "it finds 5 lost epochs in a row anywhere in the run, so it calls a run lost that "
                "recovered (D wins the first epochs of most runs). The question is whether the game is "
                "lost at the end: the last 5."
            ),
        ),
    ]


@exercise("03.1", "game_lost(history)", course=lambda: taught("game_lost"), seconds=5)
def judge_game_lost(game_lost):
    cases = _cases()
    answers = {}
    for name, (history, *__) in cases.items():
        verdict = game_lost(copy.deepcopy(history))
        if verdict is None:
            raise Wrong(_("game_lost returned None: did you forget `return`?"))
        if isinstance(verdict, np.ndarray) and verdict.size != 1:
            raise Wrong(
                _(
                    "game_lost returned an array of {count} values: the answer is one True or False for the "
                    "whole run, so combine the epochs' verdicts into one.",
                    count=verdict.size,
                )
            )
        if not isinstance(verdict, bool | np.bool_ | np.ndarray):
            raise Wrong(_("game_lost returned {kind}: return True or False.", kind=a_type(verdict)))
        answers[name] = bool(verdict)
    right = {name: lost for name, (__, lost, __) in cases.items()}
    if answers == right:
        return
    if answers["healthy"]:
        raise Wrong(cases["healthy"][2])
    for rule, message in _mistakes():
        if answers == {name: bool(rule(h)) for name, (h, *__) in cases.items()}:
            raise Wrong(message)
    if answers["both_symptoms"] and not answers["d_wins"] and not answers["collapse"]:
        raise Wrong(
            _(
                "it calls a run lost only when D has won and the samples have collapsed together: either "
                "symptom alone means the game is lost."
            )
        )
    wrong = next(name for name in cases if answers[name] != right[name])
    if wrong == "loss_moderate" and answers["acc_just_over"] != right["acc_just_over"]:
        wrong = "acc_just_over"  # it misses wins at 95.5 % too: a threshold too high, not the loss read
    raise Wrong(cases[wrong][2])


# ---------------------------------------------------------------------------------------- 03.2


def _pairs(images):
    """Every pair of different images, flattened: (distances of the n (n - 1) ordered pairs, n)."""
    flat = np.asarray(images, dtype="float64").reshape(len(images), -1)
    d = flat[:, None, :] - flat[None, :, :]
    return d, len(flat)


def _spread_mistakes() -> list:
    """A typical wrong spread (of the differences d between the n images), and what to say when an
    answer gives exactly its value."""
    return [
        (
            lambda d, n: np.sqrt((d**2).sum(-1)).sum() / n**2,
            _(
                "the mean includes each image's distance to itself (always 0), so it comes out too small: "
                "average over the pairs of two different images only."
            ),
        ),
        (
            lambda d, n: (d**2).sum(-1).sum() / (n * (n - 1)),
            _("these are squared distances: take the square root of each pair's sum of squares before averaging."),
        ),
        (
            lambda d, n: np.abs(d).sum(-1).sum() / (n * (n - 1)),
            _(
                "this adds up absolute pixel differences (the city-block distance); the spread uses the "
                "ordinary (Euclidean) distance, the square root of the sum of squared differences."
            ),
        ),
        (
            lambda d, n: np.sqrt((d**2).sum(-1)).sum() / (n * (n - 1) / 2),
            _(
                "each pair is counted twice (i with j and j with i) but divided by the number of pairs "
                "once: the result is twice the spread."
            ),
        ),
        (
            lambda d, n: np.sqrt((d**2).mean(-1)).sum() / (n * (n - 1)),
            _(
                "the squared differences are averaged over the pixels instead of added up: that divides "
                "the distance by the square root of the number of pixels."
            ),
        ),
    ]


def _spread_batches():
    """Three small batches of 28x28x1 images (seeded): varied, nearly alike, and with two copies."""
    rng = np.random.default_rng(3)
    varied = rng.uniform(0, 1, (6, 28, 28, 1)).astype("float32")
    alike = (0.5 + 0.01 * rng.normal(size=(5, 28, 28, 1))).astype("float32")
    copies = varied.copy()
    copies[1] = copies[0]
    return {"varied": varied, "alike": alike, "copies": copies}


@exercise("03.2", "spread(images)", course=lambda: taught("spread"), seconds=10)
def judge_spread(spread):
    from ..health import diversity

    batches = _spread_batches()
    for name, images in batches.items():
        given = images.copy()
        got = spread(given)
        if got is None:
            raise Wrong(_("spread returned None: did you forget `return`?"))
        size = np.size(got)
        if isinstance(got, str):
            raise Wrong(
                _(
                    "spread returned {kind}: the answer is one number for the whole batch, the mean over all pairs.",
                    kind=a_type(got),
                )
            )
        if size != 1:
            raise Wrong(
                _(
                    "spread returned {count} numbers: the answer is one number for the whole batch, the mean "
                    "over all pairs.",
                    count=size,
                )
            )
        if not np.array_equal(given, images):
            raise Wrong(_("spread changed the images it was given: compute on a copy and leave them as they are."))
        got = float(np.asarray(got, dtype="float64").reshape(()))
        d, n = _pairs(images)
        right = diversity(images)  # the monitor's own measure
        if close(got, right):
            continue
        for mistake, message in _spread_mistakes():
            if close(got, mistake(d, n)):
                raise Wrong(message)
        raise Wrong(
            _(
                "on a batch of {count} images ({batch}) it gives {got:.4f} where the mean distance between two "
                "different images is {right:.4f}. Flatten each image, take the Euclidean distance of every "
                "pair of different images, and average.",
                count=n,
                batch={"varied": _("varied"), "alike": _("alike"), "copies": _("copies")}[name],
                got=got,
                right=right,
            )
        )
    zeros = np.zeros((4, 28, 28, 1), "float32")
    if not close(float(np.asarray(spread(zeros), "float64").reshape(())), 0.0):
        raise Wrong(_("for a batch of identical images the spread should be 0."))
