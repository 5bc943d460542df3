"""Fonts for the PDF preview: each GB font name the .docx uses, stood in for by the closest face installed.

The .docx keeps the GB names (仿宋_GB2312 …), which few Linux machines have; LibreOffice would then set every line
in one default sans face. drafter hands LibreOffice a fontconfig file listing, for each GB name, the faces that can
stand in for it, best first (the same design under its other names, a free look-alike, the nearest kind of face);
fontconfig takes the first one installed, and drafter asks it (fc-list, fc-match) which, to tell the user. Without
fontconfig (LibreOffice on Windows or macOS) nothing is changed; without its tools, nothing is reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..limits import FONTCONFIG_TIMEOUT
from .oxml import escape

SONG = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "FandolSong", "AR PL UMing CN",
        "AR PL SungtiL GB")
HEI = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "FandolHei", "WenQuanYi Zen Hei",
       "WenQuanYi Micro Hei", "Droid Sans Fallback")
SYSTEM_CONFIGS = ("/etc/fonts/fonts.conf", "/usr/local/etc/fonts/fonts.conf")  # Linux; FreeBSD
HINT_CLOSER = ("安装相近的字体：Debian/Ubuntu 上运行 drafter 源码中的 bash tools/setup-render.sh，"
               "或 sudo apt-get install fonts-noto-cjk fonts-arphic-ukai")


@dataclass(frozen=True)
class Design:
    names: tuple[str, ...]  # what documents call it; the first is drafter's
    lookalikes: tuple[str, ...]  # free faces close to it
    fallback: tuple[str, ...]  # the nearest kind of face, when no look-alike is installed
    heavy: bool = False  # a heavy design: stood in for by a face's bold, never by the design's other builds

    def candidates(self, name: str) -> tuple[str, ...]:
        own = () if self.heavy else tuple(n for n in self.names if n != name)
        return own + self.lookalikes + self.fallback


DESIGNS = (
    Design(("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "华文仿宋"), ("FandolFang",), SONG + HEI),
    Design(("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "STKaiti", "华文楷体"),
           ("FandolKai", "AR PL UKai CN", "AR PL KaitiM GB"), SONG + HEI),
    Design(("黑体", "SimHei", "STHeiti", "华文黑体"), HEI, SONG),
    Design(("宋体", "SimSun", "新宋体", "NSimSun", "STSong", "华文宋体"), SONG, HEI),
    Design(("方正小标宋简体", "方正小标宋_GBK"), SONG, HEI, heavy=True),
)
DESIGN_OF = {name: design for design in DESIGNS for name in design.names}


@dataclass(frozen=True)
class Substitution:
    name: str  # the font the document asks for
    face: str  # what stands in for it in the PDF
    bold: bool
    close: bool  # a look-alike of the same design, not merely the nearest kind of face


def config(include: str) -> str:
    """The fontconfig file: `include` (the system's configuration) first, then a stand-in list per GB name."""
    rules = []
    for design in DESIGNS:
        for name in design.names:
            accept = "".join(f"<family>{escape(f)}</family>" for f in design.candidates(name))
            # <accept> puts the stand-ins right after the name: the real font still wins where it is installed
            rules.append(f'  <alias binding="strong"><family>{escape(name)}</family><accept>{accept}</accept></alias>')
            if design.heavy:
                rules.append(f'  <match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
                             '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit></match>')
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f'  <include ignore_missing="yes">{escape(include)}</include>\n' + "\n".join(rules) + "\n</fontconfig>\n")


def environment(folder: Path) -> dict[str, str]:
    """The environment LibreOffice runs in, with the stand-ins applied (written into `folder`) on top of the
    configuration fontconfig would read: the user's FONTCONFIG_FILE, or the system's. Where there is none to build
    on (Windows, macOS), the environment as it is."""
    env = dict(os.environ)
    own = env.get("FONTCONFIG_FILE")
    base = next((Path(f).absolute() for f in ([own] if own else SYSTEM_CONFIGS) if Path(f).is_file()), None)
    if base is None:
        return env
    conf = folder / "fonts.conf"
    conf.write_text(config(str(base)), encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(conf)
    return env


def substitutions(names: list[str], env: dict[str, str]) -> list[Substitution]:
    """What stands in for each of `names` not installed, as fontconfig (configured by `env`) chooses."""
    if not has_fontconfig():
        return []
    installed = _families(env)
    if not installed:  # fontconfig did not answer: nothing known, nothing said
        return []
    out = []
    for name in dict.fromkeys(names):
        if _key(name) in installed:
            continue
        face, style = _fc(["fc-match", "--format", "%{family[0]}\t%{style[0]}", name], env).partition("\t")[::2]
        if not face:
            continue
        design = DESIGN_OF.get(name)
        close = design is not None and face in design.names + design.lookalikes
        out.append(Substitution(name, face, "bold" in style.lower(), close))
    return out


def describe(subs: list[Substitution]) -> str:
    """One line for the user: which fonts stood in for which, and how to get closer."""
    pairs = "，".join(f"{s.name} → {s.face}{' 粗体' if s.bold else ''}" for s in subs)
    if all(s.close for s in subs):
        advice = "PDF 中的字形与 Word 中略有不同；装上这些 GB 字体后重新导出，PDF 即与 Word 一致"
    else:
        advice = f"其中有的没有相近的字体，PDF 与 Word 中的效果明显不同。{HINT_CLOSER}"
    return f"字体替代：{pairs}（本机没有这些 GB 字体，Word 文件中仍是原字体名）。{advice}"


def has_fontconfig() -> bool:
    return shutil.which("fc-list") is not None and shutil.which("fc-match") is not None


def chinese_face(name: str = "黑体") -> tuple[Path, str] | None:
    """The font file and family that stand in for `name` as the previews choose (fontconfig with the stand-ins
    above), among the installed faces that can write Chinese; None when no such face is installed, or when
    fontconfig's tools are missing (Windows, macOS: the caller asks its own font list)."""
    if not has_fontconfig():
        return None
    with tempfile.TemporaryDirectory(prefix="drafter-fonts-") as tmp:
        env = environment(Path(tmp))
        listing = _fc(["fc-list", ":lang=zh-cn", "--format", "%{file}\t%{family[0]}\n"], env)
        chinese = dict(line.split("\t", 1) for line in sorted(listing.splitlines()) if "\t" in line)
        if not chinese:
            return None
        file, _, family = _fc(["fc-match", "--format", "%{file}\t%{family[0]}", f"{name}:lang=zh-cn"], env).partition("\t")
    if file not in chinese:  # the best match cannot write Chinese (DejaVu Sans), yet another face can
        file, family = next(iter(chinese.items()))
    return Path(file), family


def _families(env: dict[str, str]) -> set[str]:
    listing = _fc(["fc-list", "--format", "%{family}\n"], env)
    return {_key(name) for line in listing.splitlines() for name in line.split(",")}


def _key(family: str) -> str:
    return "".join(family.split()).casefold()  # fontconfig compares families ignoring case and blanks


def _fc(cmd: list[str], env: dict[str, str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=FONTCONFIG_TIMEOUT, env=env).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
