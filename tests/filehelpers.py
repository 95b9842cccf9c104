"""Files built byte by byte for tests: a minimal valid PDF with one line of text."""

from __future__ import annotations

import re


def minimal_pdf(text: str) -> bytes:
    """Return a one-page PDF 1.4 showing ``text`` in Helvetica (ASCII, no parentheses).

    The cross-reference table holds the real byte offset of every object, so a PDF reader
    opens it; the text sits in an uncompressed content stream, readable as plain bytes.
    """
    if not text.isascii() or any(c in text for c in "()\\"):
        raise ValueError("keep the text ASCII without parentheses or backslashes")
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_offsets_are_right(data: bytes) -> bool:
    """Check that the xref table and ``startxref`` point where they say (the file is sound)."""
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))  # type: ignore[union-attr]
    if not data[start:].startswith(b"xref\n"):
        return False
    entries = re.findall(rb"(\d{10}) 00000 n \n", data[start:])
    return all(
        data[int(off) :].startswith(b"%d 0 obj\n" % n) for n, off in enumerate(entries, start=1)
    )
