"""Rules about where code may do things, checked by reading the code.

The import layers are checked by import-linter in `make lint`; these are the
rules it cannot express: who may write a status.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "authors", "articles", "comments", "accounts", "demo", "wordpress", "newsroom"]

# The one writer of each status; demo content creates rows directly by design.
STATUS_WRITERS = {"articles/workflow.py", "comments/moderation.py"}
# Modules that write the status of a row that is neither an article nor a comment.
OTHER_STATUS_WRITERS = {
    "comments/interrupted.py": "django-tasks-db's task rows (re-queues tasks of dead workers)",
}
ROW_WRITING_CALLS = {
    "create",
    "get_or_create",
    "update_or_create",
    "update",
    "bulk_create",
    "Article",
    "Comment",
}


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative.startswith("demo/"):
                continue
            yield relative


def status_writes(tree: ast.AST) -> list[int]:
    """Line numbers that assign a `status` attribute or pass `status=` to a row-writing call."""
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        lines += [t.lineno for t in targets if isinstance(t, ast.Attribute) and t.attr == "status"]
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ROW_WRITING_CALLS and any(k.arg == "status" for k in node.keywords):
                lines.append(node.lineno)
            if (
                name == "setattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "status"
            ):
                lines.append(node.lineno)
    return lines


def test_the_scanner_finds_each_kind_of_status_write():
    """Guard the guard: each way of writing a status is recognised."""
    code = (
        "a.status = 'x'\n"
        "Comment.objects.filter(pk=1).update(status='spam')\n"
        "Article.objects.create(title='t', status='published')\n"
        "Comment(status='approved')\n"
        "setattr(c, 'status', 'trash')\n"
        "Comment.objects.filter(status='spam')\n"  # a read: not a write
        "render(request, 't.html', status=400)\n"  # an HTTP status: not a write
    )
    assert status_writes(ast.parse(code)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("path", list(_sources()))
def test_only_the_workflow_and_moderation_write_a_status(path):
    """Article.status changes only in articles/workflow.py, Comment.status only in
    comments/moderation.py, so every change is checked and recorded in the history."""
    if path in STATUS_WRITERS or path in OTHER_STATUS_WRITERS:
        return
    tree = ast.parse((ROOT / path).read_text(), filename=path)
    assert status_writes(tree) == [], f"{path} writes a status; go through the workflow/moderation"


@pytest.mark.parametrize("path", sorted(STATUS_WRITERS | set(OTHER_STATUS_WRITERS)))
def test_the_writers_named_here_exist_and_write_a_status(path):
    """Guard the allowlist: if the writing moves to another module, this names the move
    (an allowlisted file that writes nothing would let the new module go unchecked)."""
    source = ROOT / path
    assert source.is_file(), f"{path} is gone; name the module that writes the status now"
    assert status_writes(ast.parse(source.read_text(), filename=path)), path
