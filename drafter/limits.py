"""Every limit drafter puts on its input and its work, in one place, each with the reason for its value.

A real report is 3–10 pages: tens of KB of text, a few hundred paragraphs, a few dozen figures. Each limit
sits far above that and far below what would hang the machine or exhaust its memory; going over it is the
user's input, reported in Chinese with where and how to fix it, never a hang or an internal error.
"""

from __future__ import annotations

# --- input files: YAML, imported documents, linted documents ------------------------------------------


# --- rendering: YAML texts and templates ------------------------------------------------------------------


# --- the workspace: paths, names, locks, backups -------------------------------------------------------


# --- work that grows with the input: titles, figures, paragraphs -----------------------------------------
TITLE_MAX_LINES = 4  # a title is one or two lines (§7.3.1); one wider than four lines' worth is not a title
MAX_FIGURES = 1000  # a report quotes a few dozen figures; `new` rewrites each with its comment, ~2 ms apiece
MAX_PARAGRAPHS = 1000  # a report has 30–150 paragraphs (this is ~200 pages); import writes ~3 ms of YAML each
