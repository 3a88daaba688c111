"""Which text in a "Job posting URL" field can be opened in a web browser.

People paste links from anywhere ("jobs.example.com/39", "https://…", with a trailing
space); what is opened must be a web page, never a local file or a ``javascript:`` or
custom-scheme link someone else's spreadsheet put there.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SCHEMES = ("http", "https")
#: A host name with at least one dot (or localhost), as typed without a scheme.
_BARE_HOST = re.compile(r"^(?:localhost|[\w-]+(?:\.[\w-]+)+)(?::\d+)?(?:[/?#]|$)", re.UNICODE)


def web_address(text: str) -> str | None:
    """The web address ``text`` holds (a bare host gets ``https://``), or None when it is
    not one: another scheme, no host, spaces or control characters inside."""
    address = text.strip()
    if not address or any(c.isspace() or ord(c) < 32 for c in address):
        return None
    scheme, sep, _ = address.partition(":")
    if sep and scheme.lower() in _SCHEMES:
        parts = urlsplit(address)
        return address if parts.netloc and parts.hostname else None
    if _BARE_HOST.match(address) and "://" not in address:
        return "https://" + address
    return None
