import json
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from filehelpers import minimal_pdf, pdf_offsets_are_right

from geo.documents import decode_bytes, iter_article_paths, read_documents, read_file
from geo.errors import DocumentError, InputError

ARTICLE = """---
title: "Drone strikes Tower 22"
url: https://example.org/t22
source: Frontier Ledger
published: 2024-01-29
---
A one-way attack drone hit Tower 22 in Jordan on Sunday, killing three US soldiers.
"""


def test_front_matter_gives_metadata_and_is_removed(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text(ARTICLE, encoding="utf-8")
    (doc,) = read_file(f)
    assert doc.title == "Drone strikes Tower 22"
    assert doc.url == "https://example.org/t22"
    assert doc.outlet == "Frontier Ledger"
    assert doc.published == date(2024, 1, 29) and doc.published_from == "front matter"
    assert doc.text.startswith("A one-way attack drone")


def test_command_line_date_wins(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text(ARTICLE, encoding="utf-8")
    (doc,) = read_file(f, published=date(2024, 2, 1))
    assert doc.published == date(2024, 2, 1) and doc.published_from == "command line"


def test_dateline_when_no_metadata(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "BAGHDAD, Dec. 8, 2023 (Wire) - Rockets struck the embassy on Friday.\n", encoding="utf-8"
    )
    (doc,) = read_file(f)
    assert doc.published == date(2023, 12, 8) and doc.published_from.startswith("dateline")


def test_no_date_warns_naming_the_document(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    f = tmp_path / "undated.txt"
    f.write_text("Rockets struck the embassy on Friday.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo"):
        (doc,) = read_file(f)
    assert doc.published is None
    assert "undated.txt" in caplog.text and "no publication date" in caplog.text


def test_html_page_metadata_and_main_text(tmp_path: Path) -> None:
    page = """<html><head><title>Drone hits base | Wire</title>
<meta property="article:published_time" content="2024-01-29T10:00:00Z">
<link rel="canonical" href="https://example.org/a/1"></head>
<body><nav><a href="/">Home</a> <a href="/w">World</a> SUBSCRIBE</nav>
<article><h1>Drone hits base</h1><p>A one-way attack drone struck Tower 22 in Jordan on Sunday, killing three US soldiers, officials said on Monday.</p>
<p>The Islamic Resistance in Iraq claimed responsibility for the attack in a statement.</p></article>
<footer>Copyright 2024 Wire</footer></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    (doc,) = read_file(f)
    assert doc.published == date(2024, 1, 29)
    assert doc.url == "https://example.org/a/1"
    assert "Tower 22" in doc.text and "SUBSCRIBE" not in doc.text and "Copyright" not in doc.text


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "old.txt"
    f.write_bytes("Rockets hit Ḩadīthah’s outskirts near the café.\n".encode("utf-16"))
    (doc,) = read_file(f)
    assert "café" in doc.text
    g = tmp_path / "cp.txt"
    g.write_bytes("Rockets hit the café on Friday, officials said.\n".encode("cp1252"))
    (doc2,) = read_file(g)
    assert "caf" in doc2.text and "Rockets" in doc2.text


def test_binary_file_is_skipped_with_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "junk.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 50)
    (tmp_path / "ok.txt").write_text(
        "Rockets struck Al-Asad on Friday, Dec. 8, 2023.\n", encoding="utf-8"
    )
    with caplog.at_level(logging.WARNING, logger="geo"):
        docs = list(read_documents([tmp_path]))
    assert [d.name for d in docs] == ["ok.txt"]
    assert "junk.txt" in caplog.text


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps({"title": "T", "text": "Rockets hit Erbil.", "published": "2024-01-02"})
    )
    (tmp_path / "many.jsonl").write_text(
        "\n".join(json.dumps({"text": f"Story {i}.", "source": "Wire"}) for i in range(3)) + "\n"
    )
    docs = list(read_documents([tmp_path]))
    assert [d.name for d in docs] == ["many.jsonl#1", "many.jsonl#2", "many.jsonl#3", "one.json"]
    assert docs[-1].published == date(2024, 1, 2) and docs[0].outlet == "Wire"


def test_bad_json_is_a_document_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text("{not json", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"bad\.json"):
        list(read_file(f))
    g = tmp_path / "notext.json"
    g.write_text('{"title": "x"}', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"no 'text'"):
        list(read_file(g))


def test_bad_front_matter(tmp_path: Path) -> None:
    f = tmp_path / "bad.md"
    f.write_text("---\ntitle: [unclosed\n---\nText here.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="front matter"):
        list(read_file(f))


def test_missing_paths_and_empty_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        iter_article_paths([tmp_path / "nope"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no article files"):
        iter_article_paths([empty])


def test_directory_with_only_unreadable_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="no readable article"):
        list(read_documents([tmp_path]))


def test_decode_bytes_rejects_control_noise() -> None:
    assert decode_bytes(bytes(range(1, 32)) * 50) is None
    assert decode_bytes(b"plain") == "plain"


# --------------------------------------------------------------------------- PDF

PDF_TEXT = "Rockets struck Al-Asad Air Base on Friday, Dec. 8, 2023, officials said."


def test_the_pdf_fixture_is_sound() -> None:
    data = minimal_pdf(PDF_TEXT)
    assert data.startswith(b"%PDF-1.4\n") and pdf_offsets_are_right(data)
    assert PDF_TEXT.encode() in data  # readable as bytes: exactly what must not be read


@pytest.mark.parametrize("name", ["report.pdf", "report.txt", "report.md"])
def test_a_pdf_is_skipped_with_one_warning_whatever_its_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    f = tmp_path / name
    f.write_bytes(minimal_pdf(PDF_TEXT))
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert list(read_file(f)) == []
    (message,) = caplog.messages
    assert message == f"{f}: PDF is not supported; save the article as text or HTML; skipped"


def test_pdfs_in_a_directory_are_named_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.pdf").write_bytes(minimal_pdf(PDF_TEXT))
    (tmp_path / "b.PDF").write_bytes(minimal_pdf(PDF_TEXT))
    (tmp_path / "ok.md").write_text(f"{PDF_TEXT}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo"):
        docs = list(read_documents([tmp_path]))
    assert [d.name for d in docs] == ["ok.md"]
    assert caplog.messages == [
        f"{tmp_path}: 2 PDF files skipped (PDF is not supported; save the article as text or HTML)"
    ]


def test_a_lone_pdf_is_no_readable_article(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    f = tmp_path / "only.pdf"
    f.write_bytes(minimal_pdf(PDF_TEXT))
    with (
        caplog.at_level(logging.WARNING, logger="geo"),
        pytest.raises(InputError, match="no readable article"),
    ):
        list(read_documents([f]))
    assert "only.pdf: PDF is not supported" in caplog.text


# --------------------------------------------------------------------------- standard input

_READ_STDIN = """
import json, logging, sys
from geo.documents import read_documents
from geo.errors import GeoMapError
logging.basicConfig(format="%(levelname)s %(message)s")
try:
    docs = [
        {"name": d.name, "title": d.title, "published": str(d.published), "path": d.path,
         "text": d.text}
        for d in read_documents(sys.argv[1:])
    ]
except GeoMapError as err:
    sys.exit(f"ERROR {err}")
print(json.dumps(docs))
"""


def _read_stdin(data: bytes, *paths: str) -> tuple[list[dict[str, Any]], str]:
    """Read ``paths`` in a fresh Python whose standard input is a real pipe fed ``data``."""
    proc = subprocess.run(
        [sys.executable, "-c", _READ_STDIN, *(paths or ("-",))],
        input=data,
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout), proc.stderr.decode()


def test_stdin_is_an_article_named_stdin() -> None:
    docs, err = _read_stdin(ARTICLE.encode("utf-8"))
    assert err == ""
    (doc,) = docs
    assert doc["name"] == "<stdin>" and doc["path"] is None
    assert doc["title"] == "Drone strikes Tower 22" and doc["published"] == "2024-01-29"
    assert doc["text"].startswith("A one-way attack drone hit Tower 22")


def test_stdin_format_is_told_by_content() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Drone hits base</title>"
        '<meta property="article:published_time" content="2024-01-29"></head><body><article>'
        "<p>A one-way attack drone struck Tower 22 in Jordan on Sunday, killing three US "
        "soldiers, officials said on Monday.</p></article></body></html>"
    )
    (doc,), _ = _read_stdin(page.encode("utf-8"))
    assert doc["name"] == "<stdin>" and doc["published"] == "2024-01-29"
    assert "<p>" not in doc["text"] and "Tower 22" in doc["text"]

    one = {"text": "Rockets hit Erbil.", "title": "T", "published": "2024-01-02"}
    (doc,), _ = _read_stdin(json.dumps(one).encode())
    assert doc["name"] == "<stdin>" and doc["title"] == "T" and doc["text"] == "Rockets hit Erbil."

    lines = "\n".join(
        json.dumps({"text": f"Story {i}.", "published": "2024-01-02"}) for i in range(3)
    )
    docs, _ = _read_stdin(lines.encode())
    assert [d["name"] for d in docs] == ["<stdin>#1", "<stdin>#2", "<stdin>#3"]


def test_stdin_beside_files_and_only_once(tmp_path: Path) -> None:
    f = tmp_path / "b.md"
    f.write_text(ARTICLE, encoding="utf-8")
    docs, _ = _read_stdin(b"Rockets hit Erbil on Friday, Dec. 8, 2023.\n", str(f), "-")
    assert [d["name"] for d in docs] == ["b.md", "<stdin>"]
    with pytest.raises(InputError, match="only once"):
        iter_article_paths(["-", str(f), "-"])


def test_a_file_named_dash_is_read_as_dot_slash_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text(ARTICLE, encoding="utf-8")
    (path,) = iter_article_paths(["./-"])
    assert path == tmp_path / "-"
    (doc,) = read_file(path)
    assert doc.name == "-" and doc.title == "Drone strikes Tower 22"


def test_a_pdf_on_stdin_is_skipped_by_its_bytes() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _READ_STDIN, "-"],
        input=minimal_pdf(PDF_TEXT),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode().splitlines() == [
        "WARNING <stdin>: PDF is not supported; save the article as text or HTML; skipped",
        "ERROR no readable article in standard input",
    ]
