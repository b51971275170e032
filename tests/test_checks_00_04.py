"""The exercise checks of notebooks 00, 02, 03 and 04 against right answers, stubs, the typical
mistakes and answers of the wrong type; and the checks leave the student's objects and random
state as they found them."""

import random

import keras
import numpy as np
import pytest
from keras import layers

from helpers import exercises
from helpers.checks import EXERCISES, judge, nb03
from helpers.health import HealthMonitor
from helpers.models import build_digit_discriminator, build_digit_generator

IDS = ["00.1", "02.1", "02.2", "03.1", "03.2", "04.1", "04.2"]


def stub(*args):
    raise NotImplementedError("Exercise: write it")


def fails(exercise, answer, *words):
    """The answer fails, with a message that contains every one of ``words``."""
    result = judge(exercise, answer)
    assert result.status == "fail", result
    for word in words:
        assert word.lower() in result.message.lower(), (word, result.message)
    return result.message


@pytest.mark.parametrize("exercise", IDS)
def test_the_course_versions_pass_and_stubs_are_skipped(exercise):
    course = EXERCISES[exercise].course()
    assert judge(exercise, course).status == "pass", judge(exercise, course)
    assert judge(exercise, stub).status == "skipped"
    assert judge(exercise, None).status == "skipped"
    assert "not an int" in fails(exercise, 3)  # not a function at all
    assert "not a float" in fails(exercise, 0.5)


# 00.1 best_d(p_data, p_g) ------------------------------------------------------------------------


def best_d_no_zero_case(p_data, p_g):
    return p_data / (p_data + p_g)


def best_d_epsilon(p_data, p_g):
    return p_data / (p_data + p_g + 1e-12)


def best_d_zero_there(p_data, p_g):
    total = p_data + p_g
    return np.divide(p_data, total, out=np.zeros_like(total), where=total > 0)


def best_d_in_place(p_data, p_g):
    p_g += p_data
    p_g[p_g == 0] = 1
    return np.where(p_data + p_g == 0, 0.5, p_data / p_g)


def test_best_d_right_answers_of_other_forms():
    def with_where(p_data, p_g):
        total = p_data + p_g
        return np.where(total > 0, p_data / np.where(total > 0, total, 1), 0.5)

    assert judge("00.1", with_where).status == "pass"
    assert judge("00.1", lambda p, q: list(with_where(p, q))).status == "pass"  # a list of numbers will do


def test_best_d_typical_mistakes():
    fails("00.1", lambda p_data, p_g: p_g / (p_data + p_g), "flipped", "share of real data")
    fails("00.1", lambda p_data, p_g: p_data - p_g, "difference", "probability")
    message = fails("00.1", lambda p_data, p_g: p_data / p_g, "ratio", "exceed 1", "share of real points")
    assert "sum" not in message  # the idea, not the formula
    fails("00.1", best_d_no_zero_case, "NaN", "both densities are 0")
    fails("00.1", best_d_zero_there, "both densities are 0", "evidence")
    fails("00.1", best_d_epsilon, "tiny", "epsilon")
    fails("00.1", best_d_in_place, "changed the arrays")


def test_best_d_wrong_types():
    fails("00.1", lambda p_data, p_g: None, "returned None")
    fails("00.1", lambda p_data, p_g: 0.5, "shape ()", "point by point")
    fails("00.1", lambda p_data, p_g: {"d": 0.5}, "returned a dict", "not an array of numbers")


# 02.1 and 04.1 build_generator(latent_dim) --------------------------------------------------------


def generator(latent_dim, output="sigmoid", hidden="relu", channels=1, side=7, upsamplings=2, kernel=2):
    stack = [keras.Input((latent_dim,)), layers.Dense(64 * side * side, activation=hidden)]
    stack += [layers.Reshape((side, side, 64)), layers.UpSampling2D(2)]
    stack += [layers.Conv2D(64, kernel, padding="same", activation=hidden)]
    stack += [layers.UpSampling2D(2)] * (upsamplings - 1)
    stack += [layers.Conv2D(8, 2, padding="same", activation=hidden)]
    stack += [layers.Conv2D(channels, 1, padding="same", activation=output)]
    return keras.Sequential(stack)


def test_build_generator_right_answers_of_other_forms():
    def with_activation_layer(latent_dim):  # the sigmoid as a layer of its own
        return keras.Sequential(
            [keras.Input((latent_dim,)), *generator(latent_dim, output=None).layers, layers.Activation("sigmoid")]
        )

    assert judge("02.1", generator).status == "pass"
    assert judge("02.1", with_activation_layer).status == "pass"


def test_a_network_without_keras_input_is_named():
    """Without keras.Input the model has no weights until its first call: notebook 02's next cell
    counts them (count_params fails) and GAN.compile builds the optimisers on them."""

    def lazy(latent_dim):
        return keras.Sequential(generator(latent_dim).layers)

    def lazy_discriminator():
        return keras.Sequential(build_digit_discriminator().layers)

    fails("02.1", lazy, "keras.Input")
    fails("02.2", lazy_discriminator, "keras.Input")


def test_build_generator_typical_mistakes():
    fails("02.1", lambda d: generator(d, output="tanh"), "tanh", "[0, 1]")
    fails("02.1", lambda d: generator(d, output=None), "range", "[0, 1]")
    fails("02.1", lambda d: generator(d, channels=3), "28×28×3", "channels", "grey")
    fails("02.1", lambda d: generator(d, upsamplings=1), "14×14×1", "upsampling")
    fails("02.1", lambda d: generator(10), "latent_dim")  # the latent size written in, not the argument
    fails("02.1", lambda d: generator(d, hidden="tanh"), "same weights", "activation")
    fails("02.1", lambda d: generator(d, kernel=3), "73,489 parameters", "53,009", "kernel size")


def test_build_generator_shrinking_convolutions_and_an_extra_layer():
    def valid_padding(latent_dim):  # 7 -> 14 -> 13 -> 26 -> 25
        stack = [keras.Input((latent_dim,)), layers.Dense(64 * 7 * 7, activation="relu"), layers.Reshape((7, 7, 64))]
        stack += [layers.UpSampling2D(2), layers.Conv2D(64, 2, activation="relu"), layers.UpSampling2D(2)]
        stack += [layers.Conv2D(8, 2, activation="relu"), layers.Conv2D(1, 1, activation="sigmoid")]
        return keras.Sequential(stack)

    message = fails("02.1", valid_padding, "25×25×1", "convolutions make the maps smaller", "14×14 to 13×13")
    assert "quarter" not in message

    def extra_batch_norm(latent_dim):
        model = generator(latent_dim)
        stack = [keras.Input((latent_dim,)), *model.layers[:2], layers.BatchNormalization(), *model.layers[2:]]
        return keras.Sequential(stack)

    message = fails("02.1", extra_batch_norm, "layer 3 (BatchNormalization)", "does not have", "no layer with weights")
    assert "first differ" not in message


def test_build_generator_wrong_types():
    fails("02.1", lambda d: None, "returned None")
    fails("02.1", lambda d: [layers.Dense(3)], "keras model", "not a list")
    shared = generator(10)
    fails("02.1", lambda d: shared, "same model object")


def test_build_color_generator_typical_mistakes():
    fails("04.1", build_digit_generator, "28×28×1", "32×32×3", "a quarter of the image's side")
    fails("04.1", lambda d: build_digit_generator(d, (32, 32, 1)), "one channel", "three")
    fails("04.1", lambda d: generator(d, output="tanh", channels=3, side=8), "tanh")


# 02.2 and 04.2 build_discriminator() -------------------------------------------------------------


def discriminator(image_shape=(28, 28, 1), output="sigmoid", pooling=True, units=1, hidden="relu"):
    pool = [layers.MaxPooling2D(2)] if pooling else []
    return keras.Sequential(
        [keras.Input(image_shape), layers.Conv2D(20, 5, activation=hidden), *pool]
        + [layers.Conv2D(40, 5, activation=hidden), *pool, layers.Flatten()]
        + [layers.Dense(100, activation=hidden), layers.Dense(units, activation=output)]
    )


def test_build_discriminator_typical_mistakes():
    fails("02.2", lambda: discriminator(output=None), "logits", "probability")
    fails("02.2", lambda: discriminator(output="tanh"), "tanh", "probability")
    fails("02.2", lambda: discriminator(pooling=False), "after layer 2", "max-pooling stage is missing")
    fails("02.2", lambda: discriminator((28, 28, 3)), "D reads inputs of 28×28×3", "channels")
    fails("02.2", lambda: discriminator(output="softmax"), "same output", "softmax")
    fails(
        "02.2", lambda: discriminator(units=2, output="softmax"), "D gives 2 numbers per image", "one number per image"
    )
    fails("02.2", lambda: discriminator(hidden="tanh"), "same weights", "activation")


def test_build_discriminator_wrong_types():
    fails("02.2", lambda: None, "returned None")
    fails("02.2", lambda: build_digit_discriminator, "keras model", "not a function")


def test_build_color_discriminator_typical_mistakes():
    fails("04.2", build_digit_discriminator, "still the 7s' 28×28×1", "32×32×3")
    fails("04.2", lambda: discriminator((32, 32, 1)), "1 channel", "3")
    fails("04.2", lambda: discriminator((32, 32, 3), output=None), "logits")


def test_the_network_checks_change_no_model_of_the_student_and_no_random_state():
    theirs = generator(10)
    weights = [w.copy() for w in theirs.get_weights()]
    copies = iter([theirs, generator(10), generator(6), generator(6)])  # what their function hands out
    random.seed(5)
    np.random.seed(5)
    python_state, numpy_state = random.getstate(), np.random.get_state()
    assert judge("02.1", lambda d: next(copies)).status == "pass"
    assert all(np.array_equal(a, b) for a, b in zip(weights, theirs.get_weights()))
    for exercise in ["02.1", "02.2", "04.1", "04.2"]:
        judge(exercise, EXERCISES[exercise].course())
        judge(exercise, build_digit_discriminator if exercise.endswith(".1") else build_digit_generator)
    assert random.getstate() == python_state
    after = np.random.get_state()
    assert np.array_equal(after[1], numpy_state[1]) and after[2:] == numpy_state[2:]


# 03.1 game_lost(history) --------------------------------------------------------------------------


def test_game_lost_uses_the_health_monitors_thresholds_and_agrees_with_it_at_the_end():
    assert (nb03.PATIENCE, nb03.HIGH, nb03.COLLAPSE) == (
        HealthMonitor.PATIENCE,
        HealthMonitor.HIGH,
        HealthMonitor.COLLAPSE,
    )
    for name, (history, lost, _) in nb03._cases().items():
        monitor = HealthMonitor(verbose=False)
        monitor.replay(history)
        d_wins_now = monitor.runs["stuck"] >= HealthMonitor.PATIENCE and history["d_acc"][-1] >= HealthMonitor.HIGH
        assert lost == exercises.game_lost(history) == (d_wins_now or monitor.runs["collapse"] >= 5), name


def last(history, key, n=5):
    return np.asarray(history[key][-n:])


def test_game_lost_typical_mistakes():
    fails("03.1", lambda h: h["d_acc"][-1] >= 0.95 or h["diversity"][-1] < 0.1, "last epoch only", "5 epochs")
    fails(
        "03.1",
        lambda h: np.mean(h["d_acc"]) >= 0.95 or np.mean(h["diversity"]) < 0.1,
        "averages over the whole run",
    )
    fails(
        "03.1",
        lambda h: len(h["d_acc"]) >= 5 and (last(h, "d_acc").mean() >= 0.95 or last(h, "diversity").mean() < 0.1),
        "averages the last 5",
        "breaks the streak",
    )
    fails(
        "03.1",
        lambda h: len(h["d_acc"]) >= 5 and bool(all(last(h, "d_loss") < 0.1) or all(last(h, "diversity") < 0.1)),
        "reads D's accuracy",
        "not its loss",
    )
    fails(
        "03.1",
        lambda h: len(h["d_acc"]) >= 5 and bool(all(last(h, "d_acc") <= 0.95) or all(last(h, "diversity") < 0.1)),
        "healthy run",
        "wrong way round",
    )
    fails(
        "03.1",
        lambda h: len(h["d_acc"]) >= 5 and bool(all(last(h, "d_acc") >= 0.95) and all(last(h, "diversity") < 0.1)),
        "either symptom alone",
    )
    fails("03.1", lambda h: bool(all(last(h, "d_acc") >= 0.95) or all(last(h, "diversity") < 0.1)), "3 epochs")

    def any_five_in_a_row(h):
        acc, spread = np.asarray(h["d_acc"]), np.asarray(h["diversity"])
        return any(all(acc[i : i + 5] >= 0.95) or all(spread[i : i + 5] < 0.1) for i in range(len(acc) - 4))

    fails("03.1", any_five_in_a_row, "anywhere in the run", "recovered")


def rule(key="d_acc", high=0.95, low=0.1, acc_strict=False, spread_strict=True, start=-5, stop=None, min_len=5):
    """game_lost with one of its parts changed: the number read, a threshold, a comparison, the
    window of epochs or the length test."""

    def game_lost(h):
        if len(h[key]) < min_len:
            return False
        acc, spread = np.asarray(h[key][start:stop]), np.asarray(h["diversity"][start:stop])
        wins = acc > high if acc_strict else acc >= high
        alike = spread < low if spread_strict else spread <= low
        return bool(all(wins) or all(alike))

    return game_lost


@pytest.mark.parametrize(
    "wrong, words",
    [
        (dict(high=0.9), ["94.9 %", "accuracy threshold too low"]),
        (dict(high=0.96), ["95.5 %", "accuracy threshold too high"]),
        (dict(high=0.97), ["95.5 %", "accuracy threshold too high"]),
        (dict(low=0.2), ["0.105", "diversity threshold too high"]),
        (dict(low=0.07), ["0.099", "diversity threshold too low"]),
        (dict(acc_strict=True), ["exactly 95 %", "comparison strict"]),
        (dict(spread_strict=False), ["exactly a tenth", "comparison non-strict"]),
        (dict(start=-4), ["only the last 4", "window", "too short"]),
        (dict(start=-6), ["exactly the last 5", "window", "too long"]),
        (dict(start=-6, stop=-1), ["final epoch was healthy", "which epochs your window takes"]),
        (dict(min_len=6), ["exactly 5 epochs", "run's length"]),
        (dict(key="acc_fake"), ["94 % of the fakes", "which number", "not on the fakes alone"]),
        (dict(key="acc_real"), ["every real image", "which number", "not on the real ones alone"]),
    ],
)
def test_game_lost_wrong_thresholds_comparisons_windows_and_numbers(wrong, words):
    assert judge("03.1", rule()).status == "pass"
    message = fails("03.1", rule(**wrong), *words)
    assert "0.95" not in message and ">=" not in message and "d_acc" not in message  # never the answer


def test_game_lost_wrong_types_and_an_answer_that_changes_its_history():
    fails("03.1", lambda h: None, "returned None")
    fails("03.1", lambda h: "lost", "returned a str", "True or False")
    fails("03.1", lambda h: last(h, "d_acc") >= 0.95, "array of", "one True or False")

    def emptying(history):  # right, but it empties the lists it was given
        verdict = exercises.game_lost(history)
        for values in history.values():
            values.clear()
        return verdict

    assert judge("03.1", emptying).status == "pass"


def test_check_goes_on_with_the_course_version_after_a_wrong_answer(capsys):
    from helpers.checks import check

    build = check("02.1", lambda d: generator(d, output="tanh"))
    assert "✘ Exercise 02.1" in capsys.readouterr().out
    assert build(10).count_params() == 53_009
    assert check("03.1", lambda h: True)(nb03._cases()["healthy"][0]) is False
    assert check("00.1", stub)(np.zeros(2), np.zeros(2)).tolist() == [0.5, 0.5]


# 03.2 spread(images) ------------------------------------------------------------------------------


def _loop_spread(images):  # a student's double loop: right, slowly
    flat = [np.ravel(x) for x in images]
    total = sum(np.linalg.norm(a - b) for i, a in enumerate(flat) for j, b in enumerate(flat) if i != j)
    return total / (len(flat) * (len(flat) - 1))


def test_spread_right_answers_of_other_forms():
    from helpers.health import diversity

    for answer in (_loop_spread, diversity, exercises.spread):
        assert judge("03.2", answer).status == "pass", answer


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x: _loop_spread(x) * (len(x) - 1) / len(x), "itself"),  # n x n pairs, the zeros included
        (lambda x: _loop_spread(x) * 2, "twice"),
        (
            lambda x: np.mean([np.sum((a - b) ** 2) for i, a in enumerate(x) for j, b in enumerate(x) if i != j]),
            "squared",
        ),
        (lambda x: np.mean([np.abs(a - b).sum() for i, a in enumerate(x) for j, b in enumerate(x) if i != j]), "city"),
        (
            lambda x: np.mean(
                [np.sqrt(np.mean((a - b) ** 2)) for i, a in enumerate(x) for j, b in enumerate(x) if i != j]
            ),
            "averaged over the pixels",
        ),
        (lambda x: np.linalg.norm(x[:, None] - x[None], axis=-1), "numbers"),  # not flattened: an array
        (lambda x: None, "return"),
        (lambda x: float(np.std(x)), "mean distance"),
    ],
)
def test_spread_typical_mistakes(wrong, words):
    result = judge("03.2", wrong)
    assert result.status == "fail" and words in result.message, result.message


def test_spread_that_changes_the_images_fails():
    def sorting(images):
        images.sort(axis=0)
        return _loop_spread(images)

    result = judge("03.2", sorting)
    assert result.status == "fail" and "changed the images" in result.message
