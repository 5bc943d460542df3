"""Every limit drafter puts on its input and its work, in one place, each with the reason for its value.

A real report is 3–10 pages: tens of KB of text, a few hundred paragraphs, a few dozen figures. Each limit
sits far above that and far below what would hang the machine or exhaust its memory; going over it is the
user's input, reported in Chinese with where and how to fix it, never a hang or an internal error.
"""

from __future__ import annotations

# --- input files: YAML, imported documents, linted documents ------------------------------------------
MAX_YAML_BYTES = 1024 * 1024  # a year file is 10–20 KB; ruamel's pure-Python parser reads 1 MB in half a second
MAX_YAML_DEPTH = 50  # a year file nests 6 levels (measures → items → items → text); Python's recursion limit is 1,000
MAX_YAML_NODES = 100_000  # keys and values with every alias expanded: a year file has about 1,000; an alias bomb, billions
MAX_YAML_ALIASES = 100  # drafter writes no anchors or aliases; a hand-written file uses a few
MAX_YAML_SCALAR_CHARS = 100_000  # the longest text of a report is a few thousand characters
MAX_YAML_NUMBER_DIGITS = 30  # a report's numbers have a dozen digits at most; Python refuses ints over 4,300 digits
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a report (.docx or .txt) is tens of KB, a few MB with photos; anything larger is not one
MAX_DOCX_PARTS = 1_000  # entries in a .docx: Word writes 15–40, more only with many images
MAX_DOCX_PART_BYTES = 20 * 1024 * 1024  # one entry unzipped: a report's document.xml is under 1 MB, a photo a few MB
MAX_DOCX_UNZIPPED_BYTES = 50 * 1024 * 1024  # all entries unzipped: 10 × a large report; a zip bomb is gigabytes


# --- rendering: YAML texts and templates ------------------------------------------------------------------


# --- the workspace: paths, names, locks, backups -------------------------------------------------------


# --- work that grows with the input: titles, figures, paragraphs -----------------------------------------
