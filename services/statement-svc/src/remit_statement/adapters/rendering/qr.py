"""QR codes for payment links: encoded once per URL, drawn as runs of dark modules.

ReportLab's ``QrCodeWidget`` re-encodes on every bounds query and draw and builds one shape
per module (~50 ms per statement here); encoding once (cached by URL: a batch repeats the
firm's link) and drawing row runs straight onto the canvas costs well under a millisecond.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.platypus import Flowable

__all__ = ["QrFlowable", "qr_svg", "runs"]

QUIET = 2  # modules of white border around the code


@lru_cache(maxsize=1024)
def runs(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(module count, dark runs as (row, first column, length))."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    n = code.getModuleCount()
    out = []
    for r in range(n):
        c = 0
        while c < n:
            if code.isDark(r, c):
                start = c
                while c < n and code.isDark(r, c):
                    c += 1
                out.append((r, start, c - start))
            else:
                c += 1
    return n, tuple(out)


class QrFlowable(Flowable):
    """A square QR code of side ``size`` points for ``url``."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        self.url, self.size = url, size
        self.width = self.height = size

    def draw(self) -> None:
        n, dark = runs(self.url)
        unit = self.size / (n + 2 * QUIET)
        canvas = self.canv
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for r, c, length in dark:
            # Row 0 is the top row; PDF y grows upwards.
            y = self.size - (QUIET + r + 1) * unit
            canvas.rect((QUIET + c) * unit, y, length * unit, unit, stroke=0, fill=1)


def qr_svg(url: str, size: int = 110) -> str:
    """The same code as an inline SVG (one path), for HTML statements."""
    n, dark = runs(url)
    side = n + 2 * QUIET
    path = "".join(f"M{QUIET + c},{QUIET + r}h{length}v1h-{length}z" for r, c, length in dark)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges" role="img" '
        f'aria-label="QR code of the payment link"><rect width="{side}" height="{side}" '
        f'fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
