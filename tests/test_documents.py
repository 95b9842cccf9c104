import json
import logging
from datetime import date
from pathlib import Path

import pytest

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
