"""The articles app's models, one module per concern; import them from here.

- taxonomy: Section, Tag
- article: Article (its queryset, which defines "live", is in querysets)
- bylines: Byline, the through table between Article and authors.Author
- editorial: ArticleRevision, ArticleEvent, EditorialNote, Correction, ArticlePresence
- pages: Page (static pages)
- redirects: ArticleRedirect (an article's old addresses), Redirect (a replaced site's)
- imported: ImportedItem (what came from WordPress)
"""

from .article import Article
from .bylines import Byline
from .editorial import ArticleEvent, ArticlePresence, ArticleRevision, Correction, EditorialNote
from .imported import ImportedItem
from .pages import Page, PageQuerySet
from .querysets import ArticleQuerySet
from .redirects import ArticleRedirect, Redirect
from .taxonomy import Section, Tag

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticlePresence",
    "ArticleQuerySet",
    "ArticleRedirect",
    "ArticleRevision",
    "Byline",
    "Correction",
    "EditorialNote",
    "ImportedItem",
    "Page",
    "PageQuerySet",
    "Redirect",
    "Section",
    "Tag",
]
