"""PostgreSQL (or the SQLite default): connections, the pool, read replicas."""

from .base import BASE_DIR, DEBUG, env

# The search's typo fallback (articles/search.py) compares titles with pg_trgm's `%>`
# operator, whose threshold is a session setting: it is sent as a startup option of
# every PostgreSQL connection, so no connection pays a query for it.
SEARCH_TRIGRAM_THRESHOLD = 0.5
# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: 10 ms
# or more of compiling for queries that run in well under one. A web page's queries
# never gain from it, and a misestimate (a thread of mostly pending comments) made
# the comment POST's count take 15 ms instead of 1. Off for the site's connections.
POSTGRES_JIT = env.bool("POSTGRES_JIT", default=False)

# Production keeps connections open (checked before reuse, so a restarted PostgreSQL
# costs no error; the check reads the socket, not a query: newsroom/postgres_backend);
# DATABASE_POOL=true uses psycopg's pool instead.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASE_POOL = env.bool("DATABASE_POOL", default=False)
# Parameters bound by the server and statements prepared once a connection has run them
# DATABASE_PREPARE_THRESHOLD times: PostgreSQL then parses them once, and plans them
# once where its generic plan is as good as a fresh one (parsing and planning were about
# a third of the server's time for a comment POST's ten short statements).
# Django leaves both off for transaction-pooling proxies: PgBouncer before 1.21, or
# without max_prepared_statements, needs DATABASE_PREPARED_STATEMENTS=false.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DATABASE_PREPARE_THRESHOLD = env.int("DATABASE_PREPARE_THRESHOLD", default=5)
DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=4)
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)


def _database(url: str) -> dict:
    config = env.db_url_config(url)
    config["ATOMIC_REQUESTS"] = False
    config["CONN_HEALTH_CHECKS"] = True
    config["CONN_MAX_AGE"] = 0 if DATABASE_POOL else CONN_MAX_AGE
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "newsroom.postgres_backend"
        options = config.setdefault("OPTIONS", {})
        startup = f"-c pg_trgm.word_similarity_threshold={SEARCH_TRIGRAM_THRESHOLD}"
        if not POSTGRES_JIT:
            startup += " -c jit=off"
        options["options"] = f"{options.get('options', '')} {startup}".strip()
        # Fail fast (a friendly 503) rather than hold a worker while PostgreSQL is away.
        options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        if DATABASE_PREPARED_STATEMENTS:
            options["server_side_binding"] = True
            options["prepare_threshold"] = DATABASE_PREPARE_THRESHOLD
        if DATABASE_POOL:
            options["pool"] = {
                "min_size": 1,
                "max_size": DATABASE_POOL_MAX_SIZE,
                "timeout": DATABASE_CONNECT_TIMEOUT,
            }
    return config


DATABASES = {
    "default": _database(env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
# Read replicas: anonymous reads of public pages go to one of them, everything else
# (writes, the admin, the worker, a reader who has just posted) to the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica{_number}"] = _database(_url)
    DATABASE_REPLICAS.append(f"replica{_number}")
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
# How long after a POST a reader's requests stay on the primary (replication lag).
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=30)
