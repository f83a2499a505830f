"""Import progress on a terminal or in a log, and the summary table.

On a TTY: one line redrawn in place, `[#####-----] done/total  pct  rate  ETA`, at
most ten times a second. Anywhere else (a log file, CI, a pipe): a plain line every
`interval` seconds and at the end, so logs stay readable.
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 30


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    def __init__(
        self, stream: TextIO, *, tty: bool | None = None, interval: float = 10.0, clock=None
    ):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.interval = interval if not self.tty else 0.1
        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.last_shown = None
        self.last_done = -1

    def line(self, done: int, total: int, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        pct = 100 * done / total if total else 100.0
        eta = _duration((total - done) / rate) if rate and total > done else "0s"
        counts = f"{done}/{total} items  {pct:5.1f}%  {rate:,.0f} items/s  ETA {eta}"
        if not self.tty:
            return counts
        filled = int(BAR_WIDTH * done / total) if total else BAR_WIDTH
        return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {counts}"

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        final = done >= total
        due = self.last_shown is None or now - self.last_shown >= self.interval
        if done == self.last_done or not (due or final):
            return
        self.last_shown, self.last_done = now, done
        if self.tty:
            self.stream.write("\r" + self.line(done, total, now) + ("\n" if final else ""))
        else:
            self.stream.write(self.line(done, total, now) + "\n")
        self.stream.flush()


def summary_table(rows: list[tuple[str, str]]) -> str:
    """Two aligned columns, as the command prints at the end."""
    width = max(len(label) for label, _ in rows)
    rule = "-" * (width + 2 + max(len(value) for _, value in rows))
    lines = [rule] + [f"{label.ljust(width)}  {value}" for label, value in rows] + [rule]
    return "\n".join(lines)
