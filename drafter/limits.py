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
MAX_YAML_SYNTAX_ERRORS = 20  # syntax errors reported in one run: each costs a re-read (~25 ms); a clerk fixes a few at a time
MAX_YAML_LOOKBACK = 10  # lines above a syntax error searched for its cause: YAML reads a slip on for a line or two
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a report (.docx or .txt) is tens of KB, a few MB with photos; anything larger is not one
MAX_DOCX_PARTS = 1_000  # entries in a .docx: Word writes 15–40, more only with many images
MAX_DOCX_PART_BYTES = 20 * 1024 * 1024  # one entry unzipped: a report's document.xml is under 1 MB, a photo a few MB
MAX_DOCX_UNZIPPED_BYTES = 50 * 1024 * 1024  # all entries unzipped: 10 × a large report; a zip bomb is gigabytes


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
MAX_JOBS = 64  # export --all's worker processes: each holds ~100 MB; more than the cores only wait their turn
BATCH_PROBLEMS_SHOWN = 5  # problems export --all lists for each failed town-year: the rest are a drafter check away


# --- work that grows with the input: titles, figures, paragraphs -----------------------------------------
TITLE_MAX_LINES = 4  # a title is one or two lines (§7.3.1); one wider than four lines' worth is not a title
MAX_FIGURES = 1000  # a report quotes a few dozen figures; `new` rewrites each with its comment, ~2 ms apiece
MAX_PARAGRAPHS = 1000  # a report has 30–150 paragraphs (this is ~200 pages); import writes ~3 ms of YAML each


# --- previews: PDF and page pictures ------------------------------------------------------------------
PREVIEW_DPI = 150  # the default: an A4 page is 1240 px wide, and ，。、 are told apart on a screen (80 dpi blurred them)
PREVIEW_DPI_MIN = 50  # below this, 3号 characters are a few pixels tall: not a picture anyone can read
PREVIEW_DPI_MAX = 600  # print quality (4960 × 7016 px, ~35 million pixels a page); more only fills the disk
FONTCONFIG_TIMEOUT = 20  # seconds for fc-list/fc-match, which answer in ~10 ms once the font cache is built


# --- the web page (drafter serve) -------------------------------------------------------------------------
MAX_FORM_BYTES = 4 * MAX_YAML_BYTES  # a year's form holds its texts once (a year file is under MAX_YAML_BYTES), escaped
MAX_FORM_FIELDS = 20_000  # ~6 fields an item or figure: MAX_PARAGRAPHS items and MAX_FIGURES figures stay under it
MAX_UPLOAD_OVERHEAD = 64 * 1024  # an upload's multipart headers and the form's other fields beside the document
WEB_KEPT = 32  # versions, plans, page pictures and messages kept for pages still open: a clerk has a few tabs
