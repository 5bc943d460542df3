"""examples/ holds the rendered reports; they must be what drafter writes today (re-export to refresh)."""

from __future__ import annotations

import zipfile

import pytest

from conftest import REPO, SEED_FILES

PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml")


@pytest.mark.parametrize("town", sorted(SEED_FILES))
def test_examples_are_current(run, ws, town):
    year = SEED_FILES[town][1]
    result = run("export", "-t", town, "-y", str(year))
    assert result.exit_code == 0, result.output
    fresh = ws / "exports" / next((ws / "exports").glob("*.docx")).name
    committed = REPO / "examples" / fresh.name
    assert committed.exists(), f"examples/ lacks {fresh.name}"
    with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(committed) as b:
        for part in PARTS:
            assert a.read(part) == b.read(part), (
                f"{committed.name}: {part} is stale; refresh with "
                f"drafter export -t {town} -y {year} -o examples/{committed.name} --force")
