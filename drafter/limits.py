"""Every limit drafter puts on its input and its work, in one place, each with the reason for its value.

A real report is 3–10 pages: tens of KB of text, a few hundred paragraphs, a few dozen figures. Each limit
sits far above that and far below what would hang the machine or exhaust its memory; going over it is the
user's input, reported in Chinese with where and how to fix it, never a hang or an internal error.
"""

from __future__ import annotations

# --- input files: YAML, imported documents, linted documents ------------------------------------------


# --- rendering: YAML texts and templates ------------------------------------------------------------------


# --- the workspace: paths, names, locks, backups -------------------------------------------------------
MAX_NAME_BYTES = 90  # a town's name is its folder's name: the longest real ones are ~15 汉字, 45 bytes
MAX_FILE_NAME_BYTES = 200  # file systems hold 255 bytes a name; room for .pdf, -页面, .drafter-….tmp
LOCK_TIMEOUT_SECONDS = 10  # another drafter holds a year file for well under a second while it writes
STALE_TEMP_SECONDS = 600  # a write takes well under a second: a temporary file this old lost its writer


# --- work that grows with the input: titles, figures, paragraphs -----------------------------------------


# --- previews: PDF and page pictures ------------------------------------------------------------------
PREVIEW_DPI = 150  # the default: an A4 page is 1240 px wide, and ，。、 are told apart on a screen (80 dpi blurred them)
PREVIEW_DPI_MIN = 50  # below this, 3号 characters are a few pixels tall: not a picture anyone can read
PREVIEW_DPI_MAX = 600  # print quality (4960 × 7016 px, ~35 million pixels a page); more only fills the disk
FONTCONFIG_TIMEOUT = 20  # seconds for fc-list/fc-match, which answer in ~10 ms once the font cache is built
