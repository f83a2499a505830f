"""gunicorn's configuration for Newsroom: `gunicorn -c gunicorn.conf.py` (what `make serve` runs).

Everything can be tuned from the environment:

- HOST / PORT (127.0.0.1:8000), or GUNICORN_BIND for anything else (a unix socket);
- WEB_CONCURRENCY worker processes (default 2 × CPUs + 1), GUNICORN_THREADS per worker (1);
- GUNICORN_TIMEOUT: a request running longer than this many seconds has its worker
  killed and restarted (30);
- GUNICORN_MAX_REQUESTS: a worker is replaced after about this many requests, a guard
  against slow memory growth (20,000; 0 never). Each replacement costs a worker's
  start-up (about a second of CPU), so keep it high on a busy cached site;
- GUNICORN_ACCESS_LOG: `-` (stdout, the default), a file path, or `off`;
- LOG_FORMAT: json (default unless DEBUG is on) or text, as for the application.

A `.env` file beside this one is read as the application reads it.

Signals: HUP reloads this file and the application code and replaces the workers
gracefully (no request dropped); TERM stops gracefully (requests in flight get
`graceful_timeout` seconds); TTIN/TTOU add or remove a worker.
"""

import multiprocessing
import os
from pathlib import Path

import environ

# The same .env the application reads (real environment variables win).
if (Path(__file__).resolve().parent / ".env").is_file():
    environ.Env.read_env(Path(__file__).resolve().parent / ".env", overwrite=False)

_debug = os.environ.get("DEBUG", "false").strip().lower() in {"1", "true", "yes", "on"}

wsgi_app = "newsroom.wsgi:application"
bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 20_000)
max_requests_jitter = max_requests // 10
# Not preloaded: HUP then loads the new code in the new workers.
preload_app = False
# gunicorn ≥ 25.1's control socket (gunicornc) is not used; signals do its work.
control_socket_disable = True
if os.path.isdir("/dev/shm"):  # noqa: S108 - gunicorn's documented advice for containers
    worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files off a possibly slow disk

# Logs to stdout. The access line carries the request id the application put on
# the response (from a trusted proxy's X-Request-ID, or a new one).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or "-"
if accesslog == "off":
    accesslog = None
errorlog = "-"
# Honours accesslog = None with the JSON configuration below (newsroom/gunicorn_logging.py).
logger_class = "newsroom.gunicorn_logging.Logger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
if os.environ.get("LOG_FORMAT", "text" if _debug else "json") == "json":
    _handlers = {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    }
    if accesslog not in (None, "-"):
        # A file, reopened when logrotate moves it.
        _handlers["access_file"] = {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": accesslog,
            "formatter": "json",
        }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "newsroom.logs.JsonFormatter"}},
        "handlers": _handlers,
        "root": {"handlers": ["stdout"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
            "gunicorn.access": {
                "handlers": ["access_file" if "access_file" in _handlers else "stdout"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }
