"""What editors may do with sign-in lockouts (django-axes).

Groups are created and kept in step by `newsroom/roles.py` on every `post_migrate`.
"""

from articles.roles import EDITORS

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # See who is locked out, and unlock an account or address by deleting its row.
    EDITORS: ["axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accesslog"],
}
