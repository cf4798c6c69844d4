"""Merges statement PDFs into one print-ready file for duplex printing (pypdf).

Each statement starts on an odd page: when the pages so far are odd in number, a blank page
(of the previous page's size) is inserted, so no client's statement is printed on the back of
another client's.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from pypdf import PdfReader, PdfWriter

__all__ = ["merge_for_duplex"]


def merge_for_duplex(pdfs: Iterable[bytes]) -> tuple[bytes, int, list[int]]:
    """(merged PDF, page count, 1-based first page of each statement)."""
    writer = PdfWriter()
    starts = []
    for pdf in pdfs:
        if len(writer.pages) % 2 == 1:
            last = writer.pages[-1].mediabox
            writer.add_blank_page(width=last.width, height=last.height)
        starts.append(len(writer.pages) + 1)
        writer.append(PdfReader(io.BytesIO(pdf)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages), starts
