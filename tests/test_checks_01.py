"""The checks' machinery and notebook 01's checks: right answers pass, stubs are skipped, the
typical mistakes are named, and a student's error, endless loop or wrong type gets a message."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers.checks import EXERCISES, check, judge
from helpers.checks.nb01 import _course_step
from helpers.exercises import d_loss as course_d_loss
from helpers.exercises import g_loss as course_g_loss
from helpers.gan import train_step as course_step

bce = keras.losses.BinaryCrossentropy()


def verdict(exercise, answer):
    result = judge(exercise, answer)
    return result.status, result.message


def stub(*args):
    raise NotImplementedError("your code here")


def test_every_exercise_has_a_course_version_that_passes():
    for exercise in ["01.1", "01.2", "01.3"]:
        assert verdict(exercise, EXERCISES[exercise].course())[0] == "pass", exercise


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda r, f: bce(tf.zeros_like(r), r) + bce(tf.ones_like(f), f), "labels are flipped"),
        (lambda r, f: bce(tf.ones_like(r), r), "only one half"),
        (lambda r, f: (bce(tf.ones_like(r), r) + bce(tf.zeros_like(f), f)) / 2, "averaged"),
        (lambda r, f: -(bce(tf.ones_like(r), r) + bce(tf.zeros_like(f), f)), "sign is flipped"),
        (lambda r, f: tf.keras.losses.binary_crossentropy(tf.ones_like(r), r), "average over the batch"),
        (lambda r, f: tf.reduce_mean(r - f), "gives"),
        (
            lambda r, f: (
                keras.losses.BinaryCrossentropy(from_logits=True)(tf.ones_like(r), r)
                + keras.losses.BinaryCrossentropy(from_logits=True)(tf.zeros_like(f), f)
            ),
            "logits",
        ),
    ],
)
def test_d_loss_mistakes_are_named(wrong, words):
    status, message = verdict("01.1", wrong)
    assert status == "fail" and words in message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda f: tf.reduce_mean(tf.math.log(1 - f)), "saturating loss"),
        (lambda f: bce(tf.zeros_like(f), f), "label 'fake'"),
        (lambda f: -bce(tf.ones_like(f), f), "sign is flipped"),
    ],
)
def test_g_loss_mistakes_are_named(wrong, words):
    status, message = verdict("01.2", wrong)
    assert status == "fail" and words in message


def step_with(d_update=True, g_update=True, g_loss_of=None, shared_tape=False, latent=None, freeze=False):
    """Variants of the course's training step with one typical mistake each."""

    def step(self, real):
        n = tf.shape(real)[0]
        ones, zeros = tf.ones((n, 1)), tf.zeros((n, 1))
        z = latent(self, n) if callable(latent) else self.sample_latent(n)
        fake = self.generator(z, training=True)
        with tf.GradientTape(persistent=True) as tape:
            d_real = self.discriminator(real, training=True)
            d_fake = self.discriminator(fake, training=True)
            d_loss = self.bce(ones, d_real) + self.bce(zeros, d_fake)
        d_vars = self.discriminator.trainable_weights
        if d_update:
            self.d_optimizer.apply_gradients(zip(tape.gradient(d_loss, d_vars), d_vars))
        if freeze:
            self.discriminator.trainable = False  # the old Keras 2 way to freeze D for G's step
        with tf.GradientTape() as g_tape:
            z2 = z if latent == "reuse" else (latent(self, n) if callable(latent) else self.sample_latent(n))
            d_on_fake = self.discriminator(self.generator(z2, training=True), training=True)
            g_loss = (g_loss_of or (lambda p: self.bce(ones, p)))(d_on_fake)
        g_vars = self.generator.trainable_weights
        both = g_vars + (d_vars if shared_tape else [])
        grads = g_tape.gradient(g_loss, both)
        if g_update:
            self.g_optimizer.apply_gradients(zip(grads[: len(g_vars)], g_vars))
        if shared_tape:  # G's loss also pushes D: gradients flowing into both players
            self.d_optimizer.apply_gradients(zip(grads[len(g_vars) :], d_vars))
        return self.record(d_loss, g_loss, d_real, d_fake)

    return step


@pytest.mark.parametrize(
    "wrong, words",
    [
        (step_with(d_update=False), "D's weights did not change"),
        (step_with(g_update=False), "G's weights did not change"),
        (step_with(shared_tape=True), "changed only by self.d_optimizer"),
        (step_with(g_loss_of=lambda p: tf.reduce_mean(tf.math.log(1 - p))), "non-saturating"),
        (lambda self, real: None, "return the epoch's numbers"),
        (step_with(latent=lambda self, n: tf.random.normal((n, self.latent_dim))), "self.sample_latent"),
        (step_with(latent="reuse"), "one latent batch serves both steps"),
        (step_with(freeze=True), "frozen"),
    ],
)
def test_train_step_mistakes_are_named(wrong, words):
    status, message = verdict("01.3", wrong)
    assert status == "fail" and words in message, message


def test_unsolved_wrong_types_errors_and_endless_loops_get_a_message(monkeypatch):
    assert verdict("01.1", stub)[0] == "skipped" and "NotImplementedError" in verdict("01.1", stub)[1]
    assert verdict("01.2", None)[0] == "skipped"
    assert verdict("01.1", 3.0) == ("fail", "d_loss should be a function of (d_real, d_fake), not a float.")
    status, message = verdict("01.2", lambda f: f.no_such_thing)
    assert status == "error" and "AttributeError" in message and "Traceback" not in message

    def endless(r, f):
        while True:
            pass

    monkeypatch.setattr(EXERCISES["01.1"], "seconds", 0.5)
    assert verdict("01.1", endless)[0] == "timeout"
    with pytest.raises(ValueError, match="There is no exercise '9.9'"):
        judge("9.9", stub)


def test_check_prints_and_goes_on_with_the_course_version(capsys):
    assert check("01.1", course_d_loss) is course_d_loss
    assert capsys.readouterr().out.startswith("✔ Exercise 01.1: right.")
    assert check("01.2", stub) is course_g_loss
    out = capsys.readouterr().out
    assert out.startswith("… Exercise 01.2: not solved yet") and "course's own version" in out
    assert check("01.3", step_with(g_update=False)) is course_step
    assert capsys.readouterr().out.startswith("✘ Exercise 01.3: G's weights did not change")


def test_a_check_never_changes_the_student_s_objects():
    seen = []

    def d_loss(d_real, d_fake):
        seen.append((d_real.copy(), d_fake.copy()))
        d_real[:] = 0  # even if the answer scribbles on its inputs, the check's own data are fresh
        return course_d_loss(seen[-1][0], seen[-1][1])

    assert verdict("01.1", d_loss)[0] == "pass"
    assert verdict("01.1", d_loss)[0] == "pass"  # the first call's scribbling reached nothing of the check's
    assert not np.array_equal(seen[0][0], 0) and np.array_equal(seen[0][0], seen[1][0])


def test_a_step_that_only_works_eagerly_is_an_error_not_a_pass():
    def eager_only(self, real):
        logs = _course_step()(self, real)
        float(logs["d_loss"].numpy())  # fit() compiles the step: .numpy() is not there
        return logs

    assert verdict("01.3", eager_only)[0] == "error"


def test_an_error_raised_deep_inside_is_not_a_stub():
    def deep(d_real, d_fake):
        return keras.Model().call(d_real)  # Keras' own NotImplementedError, not the stub's

    status, message = verdict("01.1", deep)
    assert status == "error" and "deep inside" in message


def test_an_endless_loop_that_catches_exceptions_still_stops(monkeypatch):
    def stubborn(r, f):
        while True:
            try:
                while True:
                    pass
            except Exception:
                pass

    monkeypatch.setattr(EXERCISES["01.1"], "seconds", 0.5)
    assert verdict("01.1", stubborn)[0] == "timeout"


def test_the_checks_leave_the_global_random_state_alone():
    import random

    state = random.getstate(), np.random.get_state()[1].copy()
    tf.random.set_seed(7)
    expected = tf.random.uniform(())
    tf.random.set_seed(7)
    verdict("01.3", _course_step())
    assert random.getstate() == state[0] and np.array_equal(np.random.get_state()[1], state[1])
    assert float(tf.random.uniform(())) == float(expected)


def test_the_student_edition_s_stub_is_skipped_inside_a_compiled_step_and_errors_there_are_named():
    """01.3 runs the step as fit() does, in a tf.function: TensorFlow rewrites the traceback, so the
    stub is known by its message, and an error is reported by its last line, not "in user code:"."""

    def stub(self, real):
        raise NotImplementedError("Exercise 01.3")

    assert judge("01.3", stub).status == "skipped"

    def broken(self, real):
        return self.no_such_thing(real)

    result = judge("01.3", broken)
    assert result.status == "error" and "no_such_thing" in result.message and "in user code" not in result.message
