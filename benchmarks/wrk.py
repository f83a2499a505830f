"""Driving `wrk` for `make bench-load` (benchmarks/load.py): a run and what it printed,
and the Lua script that makes every request a new comment POST."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from pathlib import Path

POST_LUA = r"""
-- One new comment per request: a body unique across threads and requests (so the
-- duplicate check never trips), the CSRF token and cookie fetched once by the benchmark.
local made = 0
function setup(thread)
  made = made + 1
  thread:set("id", made)
end
counter = 0
request = function()
  counter = counter + 1
  local body = "name=Bench+Reader&email=bench%40example.com&url=&homepage=&parent="
    .. "&csrfmiddlewaretoken=" .. token
    .. "&comment=Load+test+comment+" .. tostring(id) .. "-" .. tostring(counter)
    .. "-" .. tostring(os.time())
  return wrk.format("POST", path, headers, body)
end
"""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(
    wrk: str, url: str, *, seconds: int, connections: int, threads: int, script: Path | None = None
):
    """One `wrk --latency` run: requests/s, p50 and p99 in ms, non-2xx/3xx responses."""
    args = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",  # a slow page is measured, not dropped as a socket timeout
        "--latency",
        url,
    ]
    if script is not None:
        args[1:1] = ["-s", str(script)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": int(errors.group(1) if errors else 0),
    }


def csrf_for_posts(port: int) -> tuple[str, str]:
    """A CSRF token and its cookie, as comments.js fetches them."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/comments/csrf/") as response:
        token = json.loads(response.read())["token"]
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    return token, cookie


def post_script(workdir: Path, port: int) -> Path:
    token, cookie = csrf_for_posts(port)
    script = workdir / "post.lua"
    script.write_text(
        f'token = "{token}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n' + POST_LUA
    )
    return script
