"""Security headers the project adds on top of Django's own.

- Content-Security-Policy: Django's middleware sends `SECURE_CSP` (strict, for the public
  site) or, in report-only mode, `SECURE_CSP_REPORT_ONLY`. Pages under the admin get
  `CSP_ADMIN_POLICY` instead: the admin and the prose editor set style attributes from
  JavaScript, which the public policy forbids. A view that sets its own policy (with
  `django.views.decorators.csp.csp_override`) keeps it.
- Permissions-Policy: `PERMISSIONS_POLICY` (a dict of feature -> allowlist) on every
  response; Django has no setting for it.
"""

from django.conf import settings
from django.middleware import csp
from django.urls import NoReverseMatch, reverse

_UNSET = object()


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's CSP middleware with the admin's own policy for paths under the admin."""

    def process_response(self, request, response):
        if _is_admin(request.path):
            key = "_csp_ro_config" if settings.CSP_REPORT_ONLY else "_csp_config"
            if getattr(response, key, _UNSET) is _UNSET:
                setattr(response, key, settings.CSP_ADMIN_POLICY)
        return super().process_response(request, response)


def _is_admin(path: str) -> bool:
    try:
        return path.startswith(reverse("admin:index"))
    except NoReverseMatch:  # a URLconf without the admin
        return False


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` -> `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header unless the view set one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
