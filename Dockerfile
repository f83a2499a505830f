# syntax=docker/dockerfile:1
# Newsroom's image: the locked dependencies, the code, static files collected at build.
#   docker build -t newsroom .       (or `docker compose up`, see compose.yaml)
# One image, two commands: the web process (the default) and the worker
# (`python manage.py run_worker`). Configuration comes from the environment
# (docs/deployment.md); uploads go to the /data/media volume or a bucket.

ARG PYTHON_VERSION=3.13

# --- build: the locked dependencies in a virtualenv
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /venv
COPY deploy/requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install --no-deps -r /tmp/requirements.lock

# --- runtime: no compiler, no pip cache, not root
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=newsroom.settings \
    HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_ROOT=/data/media \
    WXR_UPLOAD_ROOT=/data/wxr \
    PAGE_CACHE_DIR=/data/page-cache
RUN groupadd --system --gid 10001 newsroom \
 && useradd --system --uid 10001 --gid newsroom --home-dir /app --shell /usr/sbin/nologin newsroom \
 && mkdir -p /data/media /data/wxr /data/page-cache \
 && chown newsroom:newsroom /data/media /data/wxr /data/page-cache
COPY --from=build /venv /venv
WORKDIR /app
COPY . /app
# Hashed, compressed static files in the image (served by whitenoise). Collecting
# needs settings but no secret of the site's and no database.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret \
    python manage.py collectstatic --noinput --verbosity 0
USER newsroom
VOLUME ["/data/media", "/data/wxr"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# Exec form: gunicorn is PID 1 and gets SIGTERM from `docker stop` itself.
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
