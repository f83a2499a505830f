from django.shortcuts import get_object_or_404

from articles.views import ArticleListView

from .models import Author


class AuthorView(ArticleListView):
    """An author's profile and their live articles (any byline role), paginated."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.base_queryset().by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, heading=self.author.name, **kwargs)
