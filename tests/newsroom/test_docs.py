"""The configuration is documented where a newcomer looks: every environment variable the
project reads is in .env.example, the README's table and docs/deployment.md, and
.env.example itself is a valid .env."""

import os
import re
import subprocess
import sys

import environ
import pytest

from tests.newsroom.test_deploy_files import project_variables
from tests.servers import ROOT


@pytest.mark.parametrize("document", [".env.example", "README.md", "docs/deployment.md"])
def test_every_environment_variable_is_documented(document):
    text = (ROOT / document).read_text()
    if document == ".env.example":
        found = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.M))
    else:
        found = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", text))
    assert project_variables() - found == set()


def _env_example(tmp_path) -> dict:
    """What a .env copied from .env.example puts in the environment."""
    copy = tmp_path / ".env"
    copy.write_text((ROOT / ".env.example").read_text())

    class Parser(environ.Env):
        ENVIRON: dict = {}

    Parser.read_env(copy)
    return Parser.ENVIRON


def test_env_example_values_carry_no_comments_or_padding(tmp_path):
    """A .env value runs to the end of its line: a trailing comment would become the value."""
    values = _env_example(tmp_path)
    assert len(values) > 40
    for name, value in values.items():
        assert "#" not in value, name
        assert value == value.strip(), name


def test_settings_load_from_env_example_with_a_secret_key(tmp_path):
    env = {**_env_example(tmp_path), "SECRET_KEY": "docs-test", "PATH": os.environ["PATH"]}
    code = "import newsroom.settings as s; print(s.TASKS['default']['BACKEND'], s.CACHES['default']['BACKEND'], s.DATABASE_REPLICAS)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_tasks_db.DatabaseBackend",
        "django.core.cache.backends.locmem.LocMemCache",
        "[]",
    ]
