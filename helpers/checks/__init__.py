"""Exercise checks: ``helpers.check("01.2", g_loss)`` judges a student's answer by its behaviour
on tiny fixed inputs and prints ✔ or what is wrong, with a hint that names the mistake.

Each notebook's checks are in ``nbNN.py``; ``core.py`` holds the machinery (registry, time limit,
messages). A lecturer's grader calls ``judge`` directly (``tools/grade.py``)."""

from . import nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08  # noqa: F401  (they register)
from .core import EXERCISES, Result, Wrong, check, judge  # noqa: F401
