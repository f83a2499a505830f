"""`{% fragment %}`: a piece of a page rendered once per page-cache generation.

    {% load fragment_tags %}
    {% fragment "article-main" article.pk skip=preview %} … {% endfragment %}

The enclosed template is rendered once and its HTML kept in the fragment cache
(core/fragments.py) under the name and the values after it, for the page cache's
current generation: every change that empties the page cache makes it a miss, and it
never outlives the next scheduled publication. A page the page cache does not answer
(the first after a change, staff, a reader with their own pending comment, the whole
site with PAGE_CACHE_ENABLED=false) then pastes the kept HTML instead of running the
template engine over it.

Only for what is the same for every reader who gets it, given those values: nothing
inside may read the request, the user, messages or anything else one reader's own, and
nothing inside may act on the request (the discussion marks a reader's request private:
it stays outside). `skip=` renders afresh, uncached, when its value is true (a staff
preview of a draft).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts, skip):
        self.nodelist = nodelist
        self.parts = parts
        self.skip = skip

    def render(self, context):
        if self.skip is not None and self.skip.resolve(context):
            return self.nodelist.render(context)
        name = ":".join(str(part.resolve(context)) for part in self.parts)
        return mark_safe(  # noqa: S308 - the template's own output, escaped as it rendered
            fragments.get_or_make(f"html:{name}", lambda: self.nodelist.render(context))
        )


@register.tag("fragment")
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            '{% fragment %} needs a name: {% fragment "name" value … [skip=flag] %}'
        )
    parts, skip = [], None
    for bit in bits[1:]:
        if bit.startswith("skip="):
            skip = parser.compile_filter(bit.removeprefix("skip="))
        else:
            parts.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parts, skip)
