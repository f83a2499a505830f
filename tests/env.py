"""Early pytest plugin (loaded with -p before Django is set up): test-only environment.

Tests never need a real secret; production still refuses to start without one.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

# Hypothesis: CI runs derandomised (the same examples every run, so a red build is
# reproducible and never flaky); locally each run explores new examples.
# .ci/run sets HYPOTHESIS_PROFILE=ci; CI=true (most CI services) does the same.
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)
