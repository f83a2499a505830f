from django.shortcuts import get_object_or_404, render
from django.urls import path

from .models import Article


def article(request, year, month, day, slug):
    item = get_object_or_404(
        Article, slug=slug, status="published", published_at__date=f"{year}-{month}-{day}"
    )
    comments = item.comment_set.filter(status="approved").order_by("created_at")[:50]
    return render(request, "article.html", {"article": item, "comments": comments})


urlpatterns = [path("<int:year>/<str:month>/<str:day>/<slug:slug>/", article)]
