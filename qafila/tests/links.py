"""The GET links of a page as a browser follows them: `<a href>`, `<img src>`, GET forms' actions, htmx `hx-get`."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") is not None:
            self.found.append(attrs["href"])
        elif tag in ("img", "iframe") and attrs.get("src"):
            self.found.append(attrs["src"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.found.append(attrs.get("action") or "")
        if attrs.get("hx-get") is not None:
            self.found.append(attrs["hx-get"])


def links(html, page_url):
    """The same-site addresses `html` (served at `page_url`) links to with GET: paths with their query."""
    parser = _Links()
    parser.feed(html)
    result = []
    for href in parser.found:
        url = urldefrag(urljoin(page_url, href.strip())).url
        parts = urlsplit(url)
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
            result.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return result
