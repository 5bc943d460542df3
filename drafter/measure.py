"""Text width as a page counts it: shared by the reader (PDF line lengths) and the writers (title lines)."""

from __future__ import annotations

import unicodedata


def em_width(text: str) -> float:
    """Width in em: full-width characters 1, ASCII (digits, Latin) half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)
