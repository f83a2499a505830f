"""gunicorn.conf.py's access log setting under JSON logs: stdout, a file, or off.

gunicorn writes access lines whenever a logging configuration is given, so before
newsroom/gunicorn_logging.py GUNICORN_ACCESS_LOG=off and a file path were ignored:
every request was logged to stdout. Each case runs the real gunicorn with
gunicorn.conf.py and reads /healthz, which touches no database.
"""

import json
import os
import subprocess
import sys
import time

import pytest

from tests.servers import ROOT, fetch, free_port, stop, wait_for_http


def _serve(tmp_path, access_log: str | None):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "PYTEST_ADDOPTS"}},
        "SECRET_KEY": "access-log-test-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_FORMAT": "json",
        "WEB_CONCURRENCY": "1",
    }
    env.pop("GUNICORN_ACCESS_LOG", None)
    if access_log is not None:
        env["GUNICORN_ACCESS_LOG"] = access_log
    output = tmp_path / "gunicorn.out"
    with output.open("w") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/healthz", timeout=120, process=process)
        for _ in range(3):
            assert fetch(base + "/healthz?probe=access-log")[0] == 200
        time.sleep(0.5)  # let the lines reach the file
    finally:
        stop(process)
    return output.read_text()


def _access_lines(text: str) -> list[dict]:
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("logger") == "gunicorn.access"]


@pytest.mark.parametrize("setting", [None, "-"])
def test_access_lines_go_to_stdout_by_default(tmp_path, setting):
    lines = [
        line
        for line in _access_lines(_serve(tmp_path, setting))
        if line.get("query") == "probe=access-log"
    ]
    assert len(lines) == 3
    assert {(line["path"], line["status"]) for line in lines} == {("/healthz", 200)}


def test_off_writes_no_access_line(tmp_path):
    output = _serve(tmp_path, "off")
    assert "Booting worker" in output  # the server did run and log
    assert _access_lines(output) == []


def test_a_path_writes_the_access_lines_to_that_file(tmp_path):
    path = tmp_path / "access.log"
    output = _serve(tmp_path, str(path))
    assert _access_lines(output) == []
    lines = _access_lines(path.read_text())
    assert [line.get("query") for line in lines].count("probe=access-log") == 3
