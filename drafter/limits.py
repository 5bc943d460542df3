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


# --- work that grows with the input: titles, figures, paragraphs -----------------------------------------
