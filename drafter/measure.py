"""Text width as a page counts it: shared by the reader (PDF line lengths) and the writers (title lines)."""

from __future__ import annotations

import unicodedata


def em_width(text: str) -> float:
    """Width in em: full-width characters 1, ASCII (digits, Latin) half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1..99 in Chinese numerals as official documents count: 一 … 十 十一 … 九十九."""
    if not 0 < n < 100:
        raise ValueError(f"序号 {n} 超出 1–99")
    tens, units = divmod(n, 10)
    return (_ZH_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (_ZH_DIGITS[units] if units else "")
