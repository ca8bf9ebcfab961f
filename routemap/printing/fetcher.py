"""A WeasyPrint URL fetcher that can only read the app's own static files.

Templates and content are rendered server-side, so anything they reference is fetched
by the server. Without this fetcher a stray `<img src="file:///etc/passwd">` or
`http://127.0.0.1/admin` in content would be read (or requested) and printed. We serve
exactly two kinds of URL and refuse everything else, so a refused resource is simply
missing from the PDF:

- STATIC_BASE + path: a regular file inside the static folder, after resolving
  symlinks and `..` (so neither can escape it);
- `data:` URLs (QR codes, small inline images).
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

# `.invalid` is reserved (RFC 2606) and never resolves, so even if this URL escaped to
# a real HTTP client it would go nowhere. An https base keeps urljoin() working for
# relative links in templates (urljoin ignores unknown schemes).
STATIC_BASE = "https://routemap.invalid/static/"


class StaticOnlyFetcher(URLFetcher):
    def __init__(self, static_folder):
        # allowed_protocols and no redirect handler are belt and braces: fetch() below
        # only ever hands data: URLs to the parent class.
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.static_folder = Path(static_folder).resolve(strict=True)

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_BASE):
            return self._static(url)
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        raise ValueError(f"refused by routemap print fetcher: {url[:80]}")

    def _static(self, url):
        relative = unquote(urlsplit(url).path).removeprefix(urlsplit(STATIC_BASE).path)
        path = (self.static_folder / relative).resolve()
        # resolve() has followed symlinks and removed `..`, so this catches both.
        if not path.is_relative_to(self.static_folder) or not path.is_file():
            raise ValueError(f"not a static file: {relative[:80]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type})
