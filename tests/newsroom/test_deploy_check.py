"""`check --deploy --fail-level WARNING` is clean with the production environment in the docs."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def documented_environment() -> dict[str, str]:
    text = (ROOT / "docs/security.md").read_text()
    block = re.search(r"<!-- production-env -->\s*```sh\n(.*?)```", text, re.S).group(1)
    pairs = (line.split("=", 1) for line in block.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def _run_check(env: dict[str, str]):
    # Only what a production host would have: nothing from the test run (DEBUG, test
    # database, DJANGO_ALLOW_ASYNC_UNSAFE from the browser tests) leaks in.
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_the_deploy_check():
    env = documented_environment()
    assert env["DEBUG"] == "false"
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # the docs hold a placeholder
    result = _run_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_the_check_fails_without_hsts_settings():
    """The test can fail: drop HSTS and the check complains."""
    env = documented_environment()
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["SECURE_HSTS_SECONDS"] = "0"
    result = _run_check(env)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
