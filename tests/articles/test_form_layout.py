"""The article form reads like a newsroom: headline, standfirst, bylines, section and
tags, then the body and the picture; discussion and SEO folded away."""

from tests.articles.workflow_helpers import change_url, draft_for


def test_bylines_come_before_the_body_and_seo_is_folded(journalist_client, journalist):
    html = journalist_client.get(change_url(draft_for(journalist))).content.decode()
    order = [
        html.index('id="id_title"'),
        html.index('id="id_standfirst"'),
        html.index('id="bylines-group"'),
        html.index('id="id_section"'),
        html.index('name="body"'),
        html.index('id="id_featured_image"'),
    ]
    assert order == sorted(order)
    for folded in ("id_seo_title", "id_comment_policy"):
        field = html.index(f'id="{folded}"')
        fieldset = html.rindex("<fieldset", 0, field)
        assert "collapse" in html[fieldset : fieldset + 80]
        assert "<details>" in html[fieldset:field]


def test_must_read_is_a_plain_yes_or_no_for_journalists(journalist_client, journalist):
    article = draft_for(journalist, is_editors_pick=True)
    html = journalist_client.get(change_url(article)).content.decode()
    must_read = html[html.index("Must read") :][:400]
    assert "Yes" in must_read
    assert "icon-yes" not in must_read
