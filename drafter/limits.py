"""Every limit drafter puts on its input and its work, in one place, each with the reason for its value.

A real report is 3–10 pages: tens of KB of text, a few hundred paragraphs, a few dozen figures. Each limit
sits far above that and far below what would hang the machine or exhaust its memory; going over it is the
user's input, reported in Chinese with where and how to fix it, never a hang or an internal error.
"""

from __future__ import annotations

# --- input files: YAML, imported documents, linted documents ------------------------------------------


# --- rendering: YAML texts and templates ------------------------------------------------------------------
# Each text of a report renders on its own, and the templates render once; each of these runs gets the limits
# below (drafter/sandbox.py). A real report renders in ~20 ms, loops a few hundred times, makes ~50 000 characters.
RENDER_STEPS = 100_000  # loop iterations in one run (jinja's own cap on one range() is the same)
RENDER_CHARS = 1_000_000  # characters (or items) of any one value, and of a run's output: 20x the longest report
RENDER_WORK = 20 * RENDER_CHARS  # characters all the steps of one run make together: bounds the memory it churns
RENDER_DEPTH = 50  # macros calling macros, a level per level of items; Python's own limit stops near 150
RENDER_NUMBER_DIGITS = 1_000  # digits of a number a text computes: figures have a few; Python will not print 4 300
RENDER_SECONDS = 5.0  # wall-clock time of one run, for the work the other limits do not count (sorting, searching)


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
