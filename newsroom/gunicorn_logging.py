"""gunicorn's logger for Newsroom (gunicorn.conf.py: `logger_class`).

gunicorn writes an access line for every request whenever a logging configuration is
given, which gunicorn.conf.py gives for JSON logs, whatever `accesslog` says; so
GUNICORN_ACCESS_LOG=off was not honoured. This logger writes none when it is off.
"""

from __future__ import annotations

from gunicorn import glogging


class Logger(glogging.Logger):
    def access(self, resp, req, environ, request_time):
        if self.cfg.accesslog is None:
            return
        super().access(resp, req, environ, request_time)
