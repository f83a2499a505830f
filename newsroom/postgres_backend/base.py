"""Django's PostgreSQL backend, with a persistent connection's health check made
without a query.

With `CONN_HEALTH_CHECKS`, Django checks a reused connection once per request,
before its first query, by running ``SELECT 1``: a round trip on every request
(about a tenth of a comment POST's time in the web process), and one before every
task in the task worker, which closes old connections between tasks.

Here the check looks at the connection's socket instead. An idle connection has
nothing to read: when PostgreSQL restarts, or a backend is terminated
(``pg_terminate_backend``, ``idle_session_timeout``), the server sends its
FATAL message and closes the socket, which makes it readable. So a readable
socket, a connection psycopg already knows to be closed or broken, or one not
idle (a transaction left open) is closed, and Django opens a new one for the
query, as after a failed ``SELECT 1``. (Inside a transaction Django itself
opened, Django's own check runs.) What no check can see without a round trip,
a host gone silent, the query finds as it did (after the TCP timeout); a query
that fails marks the connection, and Django closes it at the end of the request.
"""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg.pq import ConnStatus, TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if self.pool or self.connection is None:
            # The pool only hands out healthy connections (Django's own reasoning).
            return
        if not self.health_check_enabled or self.health_check_done:
            return
        if self.in_atomic_block:
            # A transaction of Django's own is open (not the start of a request):
            # Django's check, which passes an open transaction.
            super().close_if_health_check_failed()
            return
        if not idle_and_quiet(self.connection):
            self.close()
        self.health_check_done = True


def idle_and_quiet(connection) -> bool:
    """True if a psycopg connection is open, idle and has nothing waiting to be read."""
    if connection.closed or connection.broken:
        return False
    pgconn = connection.pgconn
    if pgconn.status != ConnStatus.OK or pgconn.transaction_status != TransactionStatus.IDLE:
        return False
    try:
        socket = pgconn.socket
    except psycopg.OperationalError:  # no socket any more
        return False
    poller = select.poll()
    poller.register(socket, select.POLLIN | select.POLLPRI)
    return not poller.poll(0)
