"""The spam statistics page: per week and per month, a chart and its table."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse

from .. import statistics

PERIODS = {"week": 12, "month": 12}


def statistics_view(model_admin, request: HttpRequest) -> TemplateResponse:
    """Two queries: one per table (see comments/statistics.py)."""
    tables = []
    for unit, count in PERIODS.items():
        periods = statistics.spam_statistics(unit, periods=count)
        tables.append(
            {
                "unit": unit,
                "title": "Per week" if unit == "week" else "Per month",
                "periods": periods,
                "totals": statistics.totals(periods),
                "chart": statistics.chart(periods),
            }
        )
    return TemplateResponse(
        request,
        "admin/comments/comment/statistics.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Spam statistics",
            "opts": model_admin.opts,
            "tables": tables,
        },
    )
