"""Spam statistics, counted from the comment history (`CommentEvent`).

Per week or per month (in the site's time zone), for the last few periods:

- received: comments submitted;
- caught: comments Akismet called spam (spam or blatant spam; a filled honeypot
  is not Akismet's catch);
- missed: comments a moderator marked as spam after Akismet had passed them;
- false positives: comments a moderator approved or marked "not spam" after
  Akismet had caught them;
- held: comments put in the queue for a moderator (by the policy, a keyword,
  or because Akismet could not be asked);
- approved: comments published, automatically or by a moderator;
- checked: comments Akismet gave a verdict on; accuracy is the share of those
  it did not get wrong: (checked − missed − false positives) / checked.

Missed spam and false positives are the human decisions that contradicted
Akismet (`CommentEvent.contradicts_akismet`, set where the report is queued),
so they match the reports sent. Each figure counts a comment once per day.

Finished days are rolled up into `CommentStatsDay` rows (by `roll_up`, which
`comments_maintenance` runs before it purges old spam, and on demand for any
day in range not yet rolled up), so a page reads a few hundred small rows plus
today's events, and past figures survive the purge of the comments they count.
Rolling up is one query over the missing days' events, grouped by
`date_trunc('day')` and read through the (created_at, kind, comment) index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import Trunc, TruncDate
from django.utils import timezone

from .models import CommentEvent, CommentStatsDay

Kind = CommentEvent.Kind

UNITS = ("week", "month")

FIGURES = {
    "received": Q(kind=Kind.SUBMITTED),
    "caught": Q(kind__in=[Kind.AKISMET_SPAM, Kind.AKISMET_DISCARD]),
    "missed": Q(kind=Kind.SPAMMED, contradicts_akismet=True),
    "false_positives": Q(kind__in=[Kind.APPROVED, Kind.NOT_SPAM], contradicts_akismet=True),
    "held": Q(kind__in=[Kind.POLICY_HELD, Kind.KEYWORD_HELD, Kind.AKISMET_ERROR, Kind.NOT_CHECKED]),
    "approved": Q(kind__in=[Kind.AUTO_APPROVED, Kind.APPROVED, Kind.NOT_SPAM]),
    "checked": Q(kind__in=[Kind.AKISMET_HAM, Kind.AKISMET_SPAM, Kind.AKISMET_DISCARD]),
}


@dataclass(frozen=True)
class Period:
    start: date
    unit: str
    received: int = 0
    caught: int = 0
    missed: int = 0
    false_positives: int = 0
    held: int = 0
    approved: int = 0
    checked: int = 0

    @property
    def accuracy(self) -> float | None:
        """Share of Akismet's verdicts that no moderator contradicted (None: no verdicts)."""
        if not self.checked:
            return None
        right = self.checked - self.missed - self.false_positives
        return min(1.0, max(0.0, right / self.checked))

    @property
    def accuracy_display(self) -> str:
        accuracy = self.accuracy
        return "—" if accuracy is None else f"{accuracy * 100:.1f}%"

    @property
    def label(self) -> str:
        if self.unit == "month":
            return self.start.strftime("%b %Y")
        return f"Week of {self.start.day} {self.start:%b %Y}"


def _period_starts(unit: str, count: int, today: date) -> list[date]:
    if unit == "week":
        this = today - timedelta(days=today.weekday())
        return [this - timedelta(weeks=n) for n in range(count - 1, -1, -1)]
    starts = []
    year, month = today.year, today.month
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _count_events(since: datetime, until: datetime, group_by):
    """Figures of the events in [since, until), grouped by `group_by` (one query)."""
    return (
        CommentEvent.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(group=group_by)
        .order_by()
        .values("group")
        .annotate(
            **{
                name: Count("comment", distinct=True, filter=condition)
                for name, condition in FIGURES.items()
            }
        )
    )


def roll_up(*, since: date, until: date) -> int:
    """Store the figures of every day in [since, until) that has no row yet.

    Only finished days belong here (`until` at most today). Days already
    rolled up are left alone: their comments may have been purged since.
    Returns how many days were written (empty days too, so they are not
    counted again).
    """
    done = set(
        CommentStatsDay.objects.filter(day__gte=since, day__lt=until).values_list("day", flat=True)
    )
    missing = [
        since + timedelta(days=n)
        for n in range((until - since).days)
        if since + timedelta(days=n) not in done
    ]
    if not missing:
        return 0
    rows = {
        row.pop("group"): row
        for row in _count_events(
            _local_midnight(missing[0]),
            _local_midnight(missing[-1] + timedelta(days=1)),
            TruncDate("created_at"),
        )
    }
    CommentStatsDay.objects.bulk_create(
        [CommentStatsDay(day=day, **rows.get(day, {})) for day in missing],
        ignore_conflicts=True,  # a concurrent page view rolled the same day up
    )
    return len(missing)


# How far back maintenance rolls days up: further than any page shows (12 months).
ROLL_UP_DAYS = 400


def roll_up_finished_days(now: datetime | None = None) -> int:
    """Roll up every finished day of the last ROLL_UP_DAYS (for comments_maintenance)."""
    today = timezone.localtime(now or timezone.now()).date()
    return roll_up(since=today - timedelta(days=ROLL_UP_DAYS), until=today)


def spam_statistics(unit: str, *, periods: int = 12, now: datetime | None = None) -> list[Period]:
    """The last `periods` weeks or months, oldest first, including empty ones.

    Finished days come from their stored rows (rolled up first if missing);
    today is counted from its events.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    starts = _period_starts(unit, periods, today)
    roll_up(since=starts[0], until=today)
    found: dict[date, dict[str, int]] = {}
    stored = (
        CommentStatsDay.objects.filter(day__gte=starts[0], day__lt=today)
        .annotate(period=Trunc("day", unit))
        .order_by()
        .values("period")
        .annotate(**{name: Sum(name) for name in FIGURES})
    )
    for row in stored:
        found[row.pop("period")] = row
    current = starts[-1]
    for row in _count_events(
        _local_midnight(today), now + timedelta(days=1), TruncDate("created_at")
    ):
        row.pop("group")
        base = found.setdefault(current, dict.fromkeys(FIGURES, 0))
        for name, value in row.items():
            base[name] = (base[name] or 0) + value
    return [Period(start=start, unit=unit, **found.get(start, {})) for start in starts]


def totals(periods: list[Period]) -> Period:
    """The figures of `periods` added up (a comment counted in two periods counts twice)."""
    names = FIGURES.keys()
    return Period(
        start=periods[0].start,
        unit=periods[0].unit,
        **{name: sum(getattr(p, name) for p in periods) for name in names},
    )


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str
    title: str


@dataclass(frozen=True)
class Chart:
    """A grouped bar chart, laid out here so the template only writes SVG elements."""

    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]
    maximum: int
    series: list[tuple[str, str]]


CHART_SERIES = [("received", "Received"), ("caught", "Caught by Akismet"), ("missed", "Missed")]


def chart(periods: list[Period], *, width: int = 720, height: int = 220) -> Chart:
    top, bottom = 10, 30
    plot = height - top - bottom
    maximum = max([1, *(getattr(p, name) for p in periods for name, _ in CHART_SERIES)])
    slot = width / max(1, len(periods))
    bar_width = slot * 0.8 / len(CHART_SERIES)
    bars, labels = [], []
    for index, period in enumerate(periods):
        left = index * slot + slot * 0.1
        for offset, (name, label) in enumerate(CHART_SERIES):
            value = getattr(period, name)
            bar_height = plot * value / maximum
            bars.append(
                Bar(
                    x=round(left + offset * bar_width, 1),
                    y=round(top + plot - bar_height, 1),
                    width=round(bar_width - 1, 1),
                    height=round(bar_height, 1),
                    series=name,
                    title=f"{period.label}: {value} {label.lower()}",
                )
            )
        short = period.start.strftime("%b %y" if period.unit == "month" else "%d %b")
        labels.append((round(index * slot + slot / 2, 1), short))
    return Chart(width, height, bars, labels, maximum, CHART_SERIES)
