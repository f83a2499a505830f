"""Browser security: Content-Security-Policy, Permissions-Policy, cookies, HTTPS."""

from django.utils.csp import CSP

from .base import DEBUG, env

# Content-Security-Policy (Django's middleware; newsroom/security.py picks the admin's).
# Public pages: nothing inline without a nonce, nothing from elsewhere, no framing.
CSP_PUBLIC_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# The admin and the prose editor: scripts still only ours (or nonced, such as the editor's
# import map). Styles may be inline: the editor (Tiptap) injects a <style> element and
# sets style attributes from JavaScript, and a nonce would switch 'unsafe-inline' off.
CSP_ADMIN_POLICY = {
    **CSP_PUBLIC_POLICY,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-ancestors": [CSP.SELF],
}
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
if CSP_REPORT_URI:
    CSP_PUBLIC_POLICY["report-uri"] = CSP_ADMIN_POLICY["report-uri"] = [CSP_REPORT_URI]
# Report-only: browsers report violations (to CSP_REPORT_URI) but block nothing; for
# trying a policy change on a live site before enforcing it.
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
SECURE_CSP = {} if CSP_REPORT_ONLY else CSP_PUBLIC_POLICY
SECURE_CSP_REPORT_ONLY = CSP_PUBLIC_POLICY if CSP_REPORT_ONLY else {}

# Powerful browser features no page of ours uses.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The CSRF token comes from its own endpoint (/comments/csrf/) or the form, never the
# cookie, so scripts need not read the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    # Off by default: TLS is usually redirected and HSTS set by the proxy in front.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
