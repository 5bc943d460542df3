"""Effective run and paragraph properties of any .docx, resolved the way Word resolves them.

A run's effective property is the first one found along run → its character style chain → the paragraph's
style chain (basedOn) → docDefaults; a font slot's *Theme attribute wins over the explicit name beside it.
"""

from __future__ import annotations

import math
import re

from docx.oxml.ns import qn


class Properties:
    """Effective paragraph and run properties, resolved through styles and docDefaults."""

    def __init__(self, document):
        styles = document.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
        defaults = styles.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        default_style = next((s for s in self.styles.values()
                              if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        self.default_style = default_style.get(qn("w:styleId")) if default_style is not None else None
        self.chains: dict[tuple[str | None, str], list] = {}

    def _chain(self, style_id: str | None, part: str) -> list:
        """The style's `part` (pPr, rPr) and its bases', once per style: every run asks again."""
        if (style_id, part) not in self.chains:
            self.chains[style_id, part] = self._resolve(style_id, part)
        return self.chains[style_id, part]

    def _resolve(self, style_id: str | None, part: str) -> list:
        out, seen = [], set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            el = style.find(qn(f"w:{part}"))
            if el is not None:
                out.append(el)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def _pstyle(self, p) -> str | None:
        ppr = p.find(qn("w:pPr"))
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return ps.get(qn("w:val")) if ps is not None else self.default_style

    def ppr_chain(self, p) -> list:
        direct = p.find(qn("w:pPr"))
        return [x for x in [direct, *self._chain(self._pstyle(p), "pPr"), self.default_ppr] if x is not None]

    def rpr_chain(self, r, p) -> list:
        direct = r.find(qn("w:rPr"))
        rstyle = direct.find(qn("w:rStyle")) if direct is not None else None
        chain = [direct, *self._chain(rstyle.get(qn("w:val")) if rstyle is not None else None, "rPr"),
                 *self._chain(self._pstyle(p), "rPr"), self.default_rpr]
        return [x for x in chain if x is not None]

    @staticmethod
    def find(chain: list, tag: str, attr: str = "val") -> str | None:
        for el in chain:
            child = el.find(qn(f"w:{tag}"))
            if child is not None and child.get(qn(f"w:{attr}")) is not None:
                return child.get(qn(f"w:{attr}"))
        return None

    @staticmethod
    def font(chain: list, slot: str = "eastAsia") -> str | None:
        """The slot's font; "(主题字体)" when a theme attribute decides it."""
        for el in chain:
            fonts = el.find(qn("w:rFonts"))
            if fonts is None:
                continue
            if fonts.get(qn(f"w:{slot}Theme")) is not None:
                return "(主题字体)"
            if fonts.get(qn(f"w:{slot}")) is not None:
                return fonts.get(qn(f"w:{slot}"))
        return None

    @staticmethod
    def flag(chain: list, tag: str) -> bool:
        for el in chain:
            child = el.find(qn(f"w:{tag}"))
            if child is not None:
                return child.get(qn("w:val")) not in ("0", "false", "off")
        return False


_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0, "pc": 12.0, "pi": 12.0}


def parse_measure(value: str | None, per_point: float) -> float | None:
    """An OOXML measure as a number in the attribute's own unit: plain numbers as they are, "28.95pt" converted."""
    if value is None:
        return None
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*([a-z]{2})?\s*", value)
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2)
    if not math.isfinite(number):  # 400 digits: as broken as "abc"
        return None
    return number if unit is None else number * _UNITS.get(unit, 0) * per_point
