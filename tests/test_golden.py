"""The example towns reproduce the seed reports: text similarity and identical headings."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import docx
import pytest

from conftest import SEED_FILES, SEEDS

HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+\.|[一二三四五六七八九十]+是)")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def headings(paragraphs: list[str]) -> list[str]:
    """Heading of each paragraph that opens with a marker: up to its first 。, or the whole line."""
    out = []
    for p in paragraphs:
        p = squash(p)
        if HEADING.match(p):
            head = p.split("。")[0] if "。" in p else p
            # the marker's brackets are drafter's to set (GB/T 9704: full-width); compare the words exactly
            out.append(re.sub(r"^\((.+?)\)", lambda m: f"（{m.group(1)}）", head))
    return out


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


@pytest.mark.parametrize("town", sorted(SEED_FILES))
def test_export_reproduces_seed(run, ws, town):
    seed_file, year = SEED_FILES[town]
    seed = (SEEDS / seed_file).read_text(encoding="utf-8")
    out = ws / "out.docx"
    result = run("export", "--town", town, "--year", str(year), "-o", str(out))
    assert result.exit_code == 0, result.output
    paragraphs = docx_paragraphs(out)

    ratio = difflib.SequenceMatcher(None, squash("".join(paragraphs)), squash(seed), autojunk=False).ratio()
    assert ratio >= 0.99, ratio

    seed_heads = headings(seed.splitlines())
    assert len(seed_heads) > 10
    assert headings(paragraphs) == seed_heads


def test_headings_compare_words_not_bracket_width():
    # the normalisation only touches the marker's brackets, never the heading's words
    assert headings(["(二)持续强化法治宣传教育。大力"]) == ["（二）持续强化法治宣传教育"]
    assert headings(["(二)持续强化法治宣传教育。"]) != headings(["（二）持续加强法治宣传教育。"])


def test_preview_matches_export(run, ws):
    result = run("preview", "--town", "辛口", "--year", "2022")
    assert result.exit_code == 0
    out = ws / "x.docx"
    run("export", "--town", "辛口", "--year", "2022", "-o", str(out))
    assert squash(result.output) == squash("".join(docx_paragraphs(out)))
    assert unicodedata.east_asian_width(result.output.splitlines()[0][0]) in "WF"  # title centred with
