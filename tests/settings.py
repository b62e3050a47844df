"""Settings for the test suite: production settings, with what a test run needs switched on.

The suite runs with DEBUG off, as production does. It needs a secret key of its own, and the demo
app, whose borough most tests stand on. Set before the project's settings read the environment.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")  # noqa: S105
os.environ.setdefault("FAMILYHUB_DEMO", "true")

from familyhub.settings import *  # noqa: E402, F403
