"""Share links: plain links to each network, the article's canonical address in each."""

import re
from urllib.parse import parse_qs, urlsplit

from articles.sharing import share_links
from tests.factories import make_article

URL = "https://news.example/2026/12/02/floods/"


def _query(link):
    return parse_qs(urlsplit(link.url).query)


def test_each_network_gets_the_address_and_headline():
    links = {link.network: link for link in share_links(url=URL, title="Floods & rain")}
    assert list(links) == ["x", "facebook", "linkedin", "whatsapp", "bluesky", "email"]
    assert _query(links["x"]) == {"url": [URL], "text": ["Floods & rain"]}
    assert _query(links["facebook"]) == {"u": [URL]}
    assert _query(links["linkedin"]) == {"url": [URL]}
    assert _query(links["whatsapp"]) == {"text": [f"Floods & rain {URL}"]}
    assert _query(links["bluesky"]) == {"text": [f"Floods & rain {URL}"]}
    assert links["email"].url == (
        "mailto:?subject=Floods%20%26%20rain&body=https%3A//news.example/2026/12/02/floods/"
    )


def test_article_page_has_share_links_and_no_inline_script(client, settings, db):
    settings.SITE_URL = "https://news.example"
    article = make_article(title="Harbour wall")
    html = client.get(article.get_absolute_url()).content.decode()
    canonical = "https://news.example" + article.get_absolute_url()
    assert 'aria-labelledby="share-heading"' in html
    assert f'data-share-url="{canonical}"' in html
    assert "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example" in html
    assert '<script src="/static/js/share.js" defer></script>' in html
    # Every script is a file of ours: nothing inline, nothing from another origin
    # (JSON-LD is data, which a Content-Security-Policy does not execute or block).
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/ld+json"' in tag, tag
