"""HTML statements (jinja2 with autoescape on: client and firm names are untrusted text)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from remit_statement.adapters.rendering.formatting import Formatter, city_line
from remit_statement.adapters.rendering.qr import qr_svg
from remit_statement.domain.aging import BUCKETS
from remit_statement.domain.firm import FirmProfile
from remit_statement.domain.model import SIGN
from remit_statement.domain.statement import Statement

__all__ = ["render_html"]


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("remit_statement.adapters.rendering", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(statement: Statement, firm: FirmProfile) -> bytes:
    """The statement as a standalone, printable HTML page (UTF-8)."""
    fmt = Formatter(statement.client.language or firm.locale)
    url = statement.payment_url or firm.payment_url
    html = (
        _env()
        .get_template("statement.html.j2")
        .render(
            st=statement,
            firm=firm,
            fmt=fmt,
            t=fmt.t,
            city_line=city_line,
            sign=SIGN,
            buckets=BUCKETS,
            payment_url=url,
            # Our own markup built from QR modules (no text of the URL in it): safe unescaped.
            qr_svg=qr_svg(url) if url else None,
            lang=statement.client.language or "en",
        )
    )
    return html.encode()
