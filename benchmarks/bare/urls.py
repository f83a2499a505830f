from django import forms
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path

from .models import Article, Comment


def _article(year, month, day, slug) -> Article:
    return get_object_or_404(
        Article, slug=slug, status="published", published_at__date=f"{year}-{month}-{day}"
    )


def article(request, year, month, day, slug):
    item = _article(year, month, day, slug)
    comments = item.comment_set.filter(status="approved").order_by("created_at")[:50]
    return render(request, "article.html", {"article": item, "comments": comments})


class CommentForm(forms.Form):
    name = forms.CharField(max_length=100)
    email = forms.EmailField(max_length=254)
    comment = forms.CharField()


def post_comment(request, year, month, day, slug):
    """The plain Django form view: validate, insert the comment, redirect (no CSRF
    check, no spam check, no duplicate or flood check, no task)."""
    item = _article(year, month, day, slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(request, "article.html", {"article": item, "form": form}, status=400)
    Comment.objects.create(
        article=item,
        author_name=form.cleaned_data["name"],
        author_email=form.cleaned_data["email"],
        body=form.cleaned_data["comment"],
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return HttpResponseRedirect(request.path.removesuffix("comment/") + "#comments")


urlpatterns = [
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/", article),
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/comment/", post_comment),
]
