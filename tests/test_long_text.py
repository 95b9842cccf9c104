"""A long text is read in time linear in its length: over-long sentences are read in pieces.

Timing lives in bench/ (``python bench/run.py --only long``); these tests check what the
pieces are and that nothing is lost by cutting.
"""

import itertools
from datetime import date

from geo.extraction import extract, segment
from geo.extraction.segmentation import MAX_SENTENCE_CHARS
from geo.gazetteer import Gazetteer
from geo.models import Document

# A list of places with no full stop, as a table or a scraped page gives it.
RUN_ON = ", ".join(f"item {i} of the register" for i in range(400))


def test_an_over_long_sentence_is_cut_at_commas_into_bounded_pieces() -> None:
    sentences = segment(RUN_ON)
    assert len(sentences) > 1
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sentences)
    # every piece but the last ends on a comma: the cut falls between list items
    assert all(RUN_ON[s.end - 1] == "," for s in sentences[:-1])
    # nothing is lost: the pieces cover the text, in order
    assert "".join(RUN_ON[s.start : s.end] for s in sentences).replace(",", ", ").split() == (
        RUN_ON.split()
    )


def test_a_run_on_without_commas_is_cut_at_spaces() -> None:
    text = " ".join(["word"] * 2000)
    sentences = segment(text)
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sentences)
    assert sum(text[s.start : s.end].count("word") for s in sentences) == 2000


def test_attacks_inside_an_over_long_sentence_are_still_found(curated: Gazetteer) -> None:
    text = (
        RUN_ON
        + ", rockets hit Al-Asad Air Base on Monday, "
        + RUN_ON
        + ", and a drone struck Erbil air base on Tuesday"
    )
    doc = Document(name="long.txt", text=text, published=date(2023, 12, 8))
    got = {r.place.place_id: r.event_date for r in extract(doc, curated).reports}
    assert got == {
        "iq.anbar.al-asad": date(2023, 12, 4),
        "iq.erbil.air-base": date(2023, 12, 5),
    }


def test_a_sentence_of_news_length_is_never_cut() -> None:
    text = "A drone struck Erbil air base, officials said, " * 8 + "and no one was hurt."
    assert len(text) < MAX_SENTENCE_CHARS
    assert len(segment(text)) == 1


def test_one_attack_told_in_thousands_of_sentences_is_one_report(curated: Gazetteer) -> None:
    text = "Rockets hit Al-Asad Air Base on Monday. " * 3000
    doc = Document(name="long.txt", text=text, published=date(2023, 12, 8))
    (r,) = extract(doc, curated).reports
    assert len(r.evidence) == 3000  # each sentence once, none twice


# --- very long documents are read in windows -------------------------------------------

FILLER = (
    "The council met again to discuss the budget for roads, schools and clinics in the "
    "province, and members asked for more time to read the figures.\n\n"
)


def test_a_very_long_document_is_read_in_windows_cut_at_paragraphs() -> None:
    from geo.extraction.core import WINDOW_CHARS, _windows

    text = FILLER * (3 * WINDOW_CHARS // len(FILLER))
    spans = list(_windows(text))
    assert len(spans) >= 3
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == prev_b for (_, prev_b), (a, _) in itertools.pairwise(spans))  # no gap
    assert all(b - a <= WINDOW_CHARS for a, b in spans)
    assert all(text[b - 2 : b] == "\n\n" for _, b in spans[:-1])  # cut between paragraphs


def test_an_attack_deep_in_a_very_long_document_points_into_the_whole_text(
    curated: Gazetteer,
) -> None:
    from geo.extraction.core import WINDOW_CHARS

    head = FILLER * (int(1.7 * WINDOW_CHARS) // len(FILLER))
    attack = "Two rockets hit Al-Asad Air Base on Monday, injuring three contractors.\n\n"
    text = head + attack + FILLER * 500
    doc = Document(name="long.txt", text=text, published=date(2023, 12, 8))
    (r,) = extract(doc, curated).reports
    assert r.document is doc and r.place.place_id == "iq.anbar.al-asad"
    assert r.injuries == 3 and r.event_date == date(2023, 12, 4)
    (e,) = r.evidence
    assert e.char_start == len(head) and text[e.char_start : e.char_end] == e.text


def test_one_attack_told_in_every_window_is_one_report(curated: Gazetteer) -> None:
    from geo.extraction.core import WINDOW_CHARS

    para = "Rockets hit Al-Asad Air Base on Monday.\n\n" + FILLER * 40
    text = para * (3 * WINDOW_CHARS // len(para))
    doc = Document(name="long.txt", text=text, published=date(2023, 12, 8))
    (r,) = extract(doc, curated).reports
    assert len(r.evidence) == text.count("Rockets hit")
    assert all(text[e.char_start : e.char_end] == e.text for e in r.evidence)


def test_working_memory_does_not_grow_with_the_length_of_a_document(curated: Gazetteer) -> None:
    import tracemalloc

    from geo.extraction.core import WINDOW_CHARS

    para = "Rockets hit Al-Asad Air Base on Monday.\n\n" + FILLER * 40
    peaks = []
    for windows in (2, 8):
        text = para * (windows * WINDOW_CHARS // len(para))
        doc = Document(name="long.txt", text=text, published=date(2023, 12, 8))
        extract(Document(name="warm.txt", text=para, published=doc.published), curated)
        tracemalloc.start()
        extract(doc, curated)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # four times the text, not four times the memory (read whole it was about 4x)
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_a_page_scraped_as_one_line_that_opens_with_furniture_is_still_read(
    curated: Gazetteer,
) -> None:
    prose = ", ".join(
        f"the council of district {i} met again to talk about roads and schools" for i in range(30)
    )
    text = (
        "Jump to comments  Share this article  Rockets hit Al-Asad Air Base on Monday, "
        "injuring two contractors, " + prose
    )
    assert "\n" not in text and len(text) > 400
    (r,) = extract(
        Document(name="one-line.txt", text=text, published=date(2023, 12, 8)), curated
    ).reports
    assert r.place.place_id == "iq.anbar.al-asad" and r.injuries == 2
