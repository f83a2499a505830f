"""The import's report and the digest that tells a changed item from an unchanged one.

Contract: `Summary` collects counters (created, updated, unchanged, matched, skipped by
reason, shortcodes, images, redirects, warnings) as the importers run, and renders them
as rows for the command's table and the admin page (`rows`, `as_dict`). `_digest(*parts)`
is the stable hash stored on `ImportedItem` (also used by `comments/wxr.py`). No I/O.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from .content import Conversion

REMOTE_LISTED = 200


@dataclass
class Summary:
    """The import's report: what was created, updated, left alone and skipped."""

    source: str = ""
    authors: Counter = field(default_factory=Counter)
    sections: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)
    articles: Counter = field(default_factory=Counter)
    articles_by_status: Counter = field(default_factory=Counter)
    pages: Counter = field(default_factory=Counter)
    comments: Counter = field(default_factory=Counter)
    comments_by_status: Counter = field(default_factory=Counter)
    images_copied: int = 0
    # The first REMOTE_LISTED addresses left remote (what the command and the admin list);
    # all of them are counted: a large export's list would grow with the file.
    images_remote: list[str] = field(default_factory=list)
    images_remote_count: int = 0
    redirects: int = 0
    skipped: Counter = field(default_factory=Counter)
    shortcodes: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    items_done: int = 0
    dry_run: bool = False

    def add(self, conversion: Conversion) -> None:
        self.shortcodes.update(conversion.shortcodes)
        self.images_copied += conversion.images_copied
        for url in conversion.images_remote:
            self.left_remote(url)

    def left_remote(self, url: str) -> None:
        self.images_remote_count += 1
        if len(self.images_remote) < REMOTE_LISTED:
            self.images_remote.append(url)

    def rows(self) -> list[tuple[str, str]]:
        """The summary as (label, value) rows, for the command's table and the admin page."""

        def counts(counter: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()) if v) or "0"

        rows = [
            ("Source", self.source),
            ("Authors", counts(self.authors)),
            ("Sections", counts(self.sections)),
            ("Tags", counts(self.tags)),
            ("Articles", counts(self.articles)),
            ("Articles by status", counts(self.articles_by_status)),
            ("Pages", counts(self.pages)),
            ("Comments", counts(self.comments)),
            ("Comments by status", counts(self.comments_by_status)),
            ("Images copied", str(self.images_copied)),
            ("Images left remote", str(self.images_remote_count)),
            ("Redirects", str(self.redirects)),
            ("Skipped", counts(self.skipped)),
            ("Shortcodes", counts(self.shortcodes)),
            ("Warnings", str(len(self.warnings))),
        ]
        if self.dry_run:
            rows.append(("Dry run", "nothing was written"))
        return rows

    def as_dict(self) -> dict:
        return {
            "rows": self.rows(),
            "images_remote": self.images_remote[:REMOTE_LISTED],
            "warnings": self.warnings[:200],
        }


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()
