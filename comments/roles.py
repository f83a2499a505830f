"""The moderators' role, and what moderators and editors may do with comments.

Groups are created and kept in step by `newsroom/roles.py` on every `post_migrate`.
"""

from articles.roles import EDITORS

MODERATORS = "Moderators"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    MODERATORS: [
        "comments.view_comment",
        "comments.change_comment",
        "comments.add_comment",
        "comments.view_commentevent",
        "comments.moderate_comment",
    ],
    EDITORS: [
        f"comments.{action}_{model}"
        for model in ("comment", "discussionsettings")
        for action in ("add", "change", "delete", "view")
    ]
    + ["comments.view_commentevent", "comments.moderate_comment"],
}
