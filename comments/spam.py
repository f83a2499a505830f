"""The only code that talks to Akismet.

Contract:
- `check(comment)` never raises: it returns a `CheckResult` whose verdict is
  ham, spam, discard, error (timeout, HTTP error, garbage, invalid key) or
  unchecked (no key configured).
- `report(comment, as_spam=...)` sends submit-spam / submit-ham with the data
  that was checked, and raises `SpamServiceError` (and nothing else) when it
  could not.
- The client is `akismet.SyncClient` built from the AKISMET_* settings. Its
  base URL is fixed, so a non-default AKISMET_API_URL is honoured by an httpx
  transport that rewrites scheme, host, port (and prefixes the path).
- The key is verified once (`verify-key`) and the outcome cached; `key_status()`
  reads that cache without touching the network (admin banner, system check).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import ssl
import threading
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import akismet
import httpx
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from core.site import absolute_url

from .models import Comment

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://rest.akismet.com"

# Tests swap these for akismet's TestSyncClient or an httpx.MockTransport.
CLIENT_CLASS: type[akismet.SyncClient] = akismet.SyncClient


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context per process: making one loads the CA bundle, about 35 ms of CPU,
    which was most of the worker's time per spam check."""
    return httpx.create_ssl_context()


def default_transport() -> httpx.BaseTransport:
    return httpx.HTTPTransport(verify=_tls_context())


class KeyStatus(models.TextChoices):
    MISSING = "missing", "No Akismet key is configured"
    UNVERIFIED = "unverified", "The Akismet key has not been verified yet"
    VALID = "valid", "The Akismet key is valid"
    INVALID = "invalid", "Akismet rejected the key"


class SpamServiceError(Exception):
    """Akismet could not be asked (no key, invalid key, timeout, HTTP error, garbage)."""


@dataclass(frozen=True)
class CheckResult:
    verdict: str  # a Comment.Verdict value
    error: str = ""
    # The payload this check built and sent, when the comment had none stored yet:
    # the verdict stores it (moderation.apply_verdict), in the same UPDATE.
    params: dict[str, Any] | None = field(default=None, compare=False)


_CONTEXT_FIELD = re.compile(rb"(^|&)comment_context=")


class AkismetTransport(httpx.BaseTransport):
    """Adapts the akismet client's requests on their way out.

    - Rerouting: the client always builds https://rest.akismet.com/1.1/...;
      with `base_url` set, scheme, host and port are replaced and any path of
      `base_url` is prefixed (http://127.0.0.1:8025/akismet → /akismet/1.1/...).
    - comment_context is an array in Akismet's API (`comment_context[]=a&
      comment_context[]=b`); the client only accepts the name without brackets
      and httpx sends a list as repeated fields, so the brackets are added here.
    """

    def __init__(self, inner: httpx.BaseTransport, base_url: str | None = None):
        self.inner = inner
        self.base = httpx.URL(base_url) if base_url else None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if self.base is not None:
            url = url.copy_with(
                scheme=self.base.scheme,
                host=self.base.host,
                port=self.base.port,
                path=self.base.path.rstrip("/") + url.path,
            )
        content = request.read()
        if content and _CONTEXT_FIELD.search(content):
            content = _CONTEXT_FIELD.sub(rb"\1comment_context%5B%5D=", content)
        headers = httpx.Headers(request.headers)
        headers["Host"] = url.netloc.decode("ascii")
        if content:
            headers["Content-Length"] = str(len(content))
        rebuilt = httpx.Request(
            request.method,
            url,
            headers=headers,
            content=content or None,
            extensions=request.extensions,
        )
        return self.inner.handle_request(rebuilt)

    def close(self) -> None:
        self.inner.close()


@functools.cache
def user_agent() -> str:
    """Names Newsroom and the akismet library, as Akismet asks of every client (read once:
    the version comes from the installed package's metadata)."""
    try:
        ours = version("newsroom")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        ours = "dev"
    return f"Newsroom/{ours} | {akismet.USER_AGENT}"


def is_configured() -> bool:
    return bool(settings.AKISMET_API_KEY)


def _config() -> akismet.Config:
    return akismet.Config(
        key=settings.AKISMET_API_KEY, url=settings.AKISMET_BLOG_URL or settings.SITE_URL
    )


_kept_clients: dict[tuple, httpx.Client] = {}
_kept_clients_lock = threading.Lock()


def http_client() -> httpx.Client:
    """The httpx client handed to akismet: our User-Agent, timeout and API URL.

    Kept per process and configuration, and reused: its connections to Akismet stay
    open between checks (keep-alive), so a check costs one round trip instead of a
    new TCP connection and TLS handshake each (two more round trips, and CPU). A
    change of configuration (or of `default_transport`, which tests swap) makes a new
    one and closes the old.
    """
    api_url = settings.AKISMET_API_URL.rstrip("/")
    key = (os.getpid(), default_transport, api_url, settings.AKISMET_TIMEOUT, user_agent())
    with _kept_clients_lock:
        client = _kept_clients.get(key)
        if client is None:
            for old in _kept_clients.values():
                old.close()
            _kept_clients.clear()
            transport = AkismetTransport(
                default_transport(), base_url=api_url if api_url != DEFAULT_API_URL else None
            )
            client = httpx.Client(
                transport=transport,
                headers={"User-Agent": user_agent()},
                timeout=settings.AKISMET_TIMEOUT,
            )
            _kept_clients[key] = client
    return client


def _key_cache_key() -> str:
    config = _config()
    digest = hashlib.sha256(
        f"{config.key}|{config.url}|{settings.AKISMET_API_URL}".encode()
    ).hexdigest()[:24]
    return f"comments:akismet-key:{digest}"


def key_status() -> KeyStatus:
    """What we know about the key, without asking Akismet (a cache outage is 'unverified')."""
    if not is_configured():
        return KeyStatus.MISSING
    try:
        value = cache.get(_key_cache_key(), KeyStatus.UNVERIFIED)
    except Exception:
        logger.warning("Cache unavailable; the Akismet key will be verified again.")
        return KeyStatus.UNVERIFIED
    return KeyStatus(value) if value in KeyStatus.values else KeyStatus.UNVERIFIED


def _remember_key(status: KeyStatus) -> None:
    # A valid key is verified once; a rejected one is asked about again hourly.
    timeout = None if status == KeyStatus.VALID else 60 * 60
    try:
        cache.set(_key_cache_key(), status.value, timeout)
    except Exception:
        logger.warning("Cache unavailable; could not remember the Akismet key status.")


def get_client(http: httpx.Client) -> akismet.SyncClient:
    """A client whose key has been verified (once; the outcome is cached).

    Raises SpamServiceError when there is no key, the key is invalid or
    Akismet cannot be reached to verify it.
    """
    if not is_configured():
        raise SpamServiceError("No Akismet API key is configured.")
    client = CLIENT_CLASS(config=_config(), http_client=http)
    status = key_status()
    if status == KeyStatus.INVALID:
        raise SpamServiceError("Akismet rejected the API key.")
    if status == KeyStatus.UNVERIFIED:
        try:
            valid = client.verify_key()
        except akismet.AkismetError as exc:
            raise SpamServiceError(f"Could not verify the Akismet key: {exc}") from exc
        _remember_key(KeyStatus.VALID if valid else KeyStatus.INVALID)
        if not valid:
            raise SpamServiceError("Akismet rejected the API key.")
    return client


def _gmt(value) -> str:
    return timezone.localtime(value, timezone.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_params(comment: Comment) -> dict[str, Any]:
    """Every comment-check field we know, as of the comment's submission.

    Stored on the comment (`akismet_params`) the first time, so re-checks and
    reports send exactly what was checked. `is_test` and `recheck_reason` are
    added per request, not stored.
    """
    article = comment.article
    context = []
    if article.section_id:
        context.append(article.section.name)
    context.extend(tag.name for tag in article.tags.all())
    params: dict[str, Any] = {
        "user_ip": comment.ip_address or "",
        "user_agent": comment.user_agent,
        "referrer": comment.referrer,
        "permalink": absolute_url(article.get_absolute_url()),
        "comment_type": comment.comment_type,
        "comment_author": comment.author_name,
        "comment_author_email": comment.author_email,
        "comment_author_url": comment.author_url,
        "comment_content": comment.body,
        "comment_date_gmt": _gmt(comment.created_at),
        "comment_post_modified_gmt": _gmt(article.updated_at),
        "blog_lang": settings.SITE_LANGUAGE,
        "blog_charset": "UTF-8",
        "comment_context": context,
    }
    # Only staff get a role: Akismet treats "administrator" as guaranteed ham,
    # so a reader must never be sent it.
    user = comment.user
    if user is not None and user.is_staff:
        params["user_role"] = "administrator"
    return params


def params_for(comment: Comment, *, store: bool = True) -> dict[str, Any]:
    """The frozen payload (built on first use, and stored unless `store` is false:
    a check leaves that to its verdict, see `check`)."""
    if not comment.akismet_params:
        comment.akismet_params = build_params(comment)
        if comment.pk and store:
            type(comment).objects.filter(pk=comment.pk).update(
                akismet_params=comment.akismet_params
            )
    return dict(comment.akismet_params)


def _request_kwargs(params: dict[str, Any], **extra) -> tuple[str, dict[str, Any]]:
    """Split off user_ip, add per-request fields, drop blanks (Akismet wants no empty fields)."""
    params = {**params, **{k: v for k, v in extra.items() if v}}
    if settings.AKISMET_IS_TEST:
        params["is_test"] = 1
    user_ip = params.pop("user_ip", "")
    return user_ip, {k: v for k, v in params.items() if v not in ("", None, [])}


def check(comment: Comment, *, recheck_reason: str = "") -> CheckResult:
    """Ask Akismet about `comment`. Never raises; see the module docstring.

    A payload built for this check is not stored here: it comes back in the result
    (`CheckResult.params`) and the verdict stores it in its own UPDATE, under the
    comment's row lock and only if the comment still says what it was built from.
    """
    if not is_configured():
        return CheckResult(Comment.Verdict.UNCHECKED, "No Akismet API key is configured.")
    stored = bool(comment.akismet_params)
    result = _check(comment, recheck_reason=recheck_reason)
    if not stored and comment.akismet_params:
        result = replace(result, params=dict(comment.akismet_params))
    return result


def _check(comment: Comment, *, recheck_reason: str) -> CheckResult:
    http = http_client()
    try:
        client = get_client(http)
        user_ip, params = _request_kwargs(
            params_for(comment, store=False), recheck_reason=recheck_reason
        )
        answer = client.comment_check(user_ip, **params)
    except SpamServiceError as exc:
        return _failed(comment, str(exc))
    except akismet.APIKeyError as exc:
        _remember_key(KeyStatus.INVALID)
        return _failed(comment, f"Akismet rejected the API key: {_short(exc)}")
    except (akismet.AkismetError, httpx.HTTPError) as exc:
        return _failed(comment, _short(exc))
    except Exception as exc:
        # An unforeseen failure (a library or data bug) must not leave the
        # comment unchecked with no retry, nor abort a batch of re-checks.
        logger.exception("Unexpected error checking comment %s with Akismet", comment.pk)
        return _failed(comment, _short(exc))
    verdict = {
        akismet.CheckResponse.HAM: Comment.Verdict.HAM,
        akismet.CheckResponse.SPAM: Comment.Verdict.SPAM,
        akismet.CheckResponse.DISCARD: Comment.Verdict.DISCARD,
    }[answer]
    return CheckResult(verdict)


def report(comment: Comment, *, as_spam: bool) -> None:
    """Send submit-spam (as_spam) or submit-ham with the data that was checked.

    Raises SpamServiceError if Akismet could not take the report.
    """
    http = http_client()
    try:
        client = get_client(http)
        user_ip, params = _request_kwargs(params_for(comment))
        method = client.submit_spam if as_spam else client.submit_ham
        method(user_ip, **params)
    except akismet.APIKeyError as exc:
        _remember_key(KeyStatus.INVALID)
        raise SpamServiceError(f"Akismet rejected the API key: {exc}") from exc
    except akismet.AkismetError as exc:
        raise SpamServiceError(_short(exc)) from exc
    except Exception as exc:
        # Whatever went wrong, the caller must be able to put the report back
        # for a retry: it catches SpamServiceError only.
        logger.exception("Unexpected error reporting comment %s to Akismet", comment.pk)
        raise SpamServiceError(_short(exc)) from exc


def _failed(comment: Comment, error: str) -> CheckResult:
    logger.warning("Akismet check of comment %s failed: %s", comment.pk, error)
    return CheckResult(Comment.Verdict.ERROR, error)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}"
