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


# --- previews: PDF and page pictures ------------------------------------------------------------------
PREVIEW_DPI = 150  # the default: an A4 page is 1240 px wide, and ，。、 are told apart on a screen (80 dpi blurred them)
PREVIEW_DPI_MIN = 50  # below this, 3号 characters are a few pixels tall: not a picture anyone can read
PREVIEW_DPI_MAX = 600  # print quality (4960 × 7016 px, ~35 million pixels a page); more only fills the disk
FONTCONFIG_TIMEOUT = 20  # seconds for fc-list/fc-match, which answer in ~10 ms once the font cache is built
