"""The newsroom's writing roles and the model permissions each holds on articles and authors.

Groups are created and kept in step by `newsroom/roles.py` on every
`post_migrate`. Per-object rules (a journalist's own drafts) live in
articles/permissions.py and the ModelAdmins, not here.
"""

JOURNALISTS = "Journalists"
EDITORS = "Editors"

_EDITOR_MODELS = [
    ("articles", "article"),
    ("articles", "section"),
    ("articles", "tag"),
    ("articles", "byline"),
    ("articles", "articlerevision"),
    ("articles", "editorialnote"),
    ("articles", "page"),
    ("articles", "redirect"),
    ("authors", "author"),
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    JOURNALISTS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_section",
        "articles.view_tag",
        "articles.add_tag",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.view_articlerevision",
        "articles.view_articleevent",
        "articles.add_editorialnote",
        "articles.view_editorialnote",
        "authors.view_author",
        # Contributors without accounts, from the byline picker's "+", and their own
        # profile; authors/admin.py keeps them off everyone else's.
        "authors.add_author",
        "authors.change_author",
    ],
    EDITORS: [
        f"{app}.{action}_{model}"
        for app, model in _EDITOR_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    + ["articles.view_articleevent", "authors.change_any_author"],
}
