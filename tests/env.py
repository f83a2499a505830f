"""Early pytest plugin (loaded with -p before Django is set up): test-only environment.

Tests never need a real secret; production still refuses to start without one.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
