"""Share links for an article: plain links to each network's own share page.

No third-party script or pixel is loaded: a reader's browser contacts a network
only when they click its link. "Copy link" and the browser's share sheet are
static/js/share.js (ours, a static file, so a strict Content-Security-Policy
without inline script allows it).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLink:
    network: str  # a CSS hook: share__link--x
    label: str  # what the link says
    url: str


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """Links that share `url` (absolute) under `title` on each network, and by email."""
    text = f"{title} {url}"
    return [
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ShareLink(
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ShareLink(
            "bluesky", "Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text})
        ),
        ShareLink(
            "email",
            "Email",
            # mailto wants %20 for spaces, not "+".
            f"mailto:?subject={quote(title)}&body={quote(url)}",
        ),
    ]
