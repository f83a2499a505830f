"""What a moderator's decision tells Akismet (the task in comments/tasks.py sends it).

One rule: a human decision is reported only when it contradicts what Akismet
currently believes about the comment (its verdict, or our last report), and a
queued report that a later decision undoes is cancelled instead of being
followed by its opposite. Re-checks and automatic routing never report.
"""

from __future__ import annotations

from .models import Comment

Status = Comment.Status
Verdict = Comment.Verdict

# What a human decision tells Akismet, whatever the entry point (bulk action, the
# comment's page, a row button, a one-click email link). Approving is a verdict of
# "ham" as much as "Not spam" is; Trash says nothing about spam; sending back to
# Pending is no verdict at all.
REPORT_FOR_STATUS = {Status.APPROVED: "ham", Status.SPAM: "spam"}


def akismet_belief(comment: Comment) -> str:
    """What Akismet currently thinks: 'spam', 'ham' or '' (it never saw the comment)."""
    if comment.reported_as:
        return comment.reported_as
    return {Verdict.HAM: "ham", Verdict.SPAM: "spam", Verdict.DISCARD: "spam"}.get(
        comment.spam_verdict, ""
    )


def queue_report(comment: Comment, decision: str) -> str | None:
    """Update the report fields for a human decision; return the report kind to send.

    The caller holds the comment's row lock and saves `pending_report` and
    `reported_as`.
    """
    belief = akismet_belief(comment)
    if not belief or belief == decision:
        return None
    if comment.pending_report and comment.pending_report != decision:
        # The earlier report has not gone yet and this decision undoes it.
        comment.pending_report = ""
        comment.reported_as = ""
        return None
    comment.pending_report = decision
    comment.reported_as = decision
    return decision
