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
    images_remote: list[str] = field(default_factory=list)
    redirects: int = 0
    skipped: Counter = field(default_factory=Counter)
    shortcodes: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    items_done: int = 0
    dry_run: bool = False

    def add(self, conversion: Conversion) -> None:
        self.shortcodes.update(conversion.shortcodes)
        self.images_copied += conversion.images_copied
        self.images_remote.extend(conversion.images_remote)

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
            ("Images left remote", str(len(self.images_remote))),
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
            "images_remote": self.images_remote[:200],
            "warnings": self.warnings[:200],
        }


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()
