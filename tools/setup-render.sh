#!/usr/bin/env bash
# What the render tests need from Debian: LibreOffice (headless), poppler, CJK fonts, and the Fandol
# 仿宋/楷体 look-alikes (from texlive-lang-chinese; bookworm has no fonts-fandol); and chromium, the browser
# the tests of `drafter serve` drive through Playwright (Debian's build: Playwright downloads none). Idempotent.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
FANDOL=/usr/local/share/fonts/fandol
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null && [ -x /usr/bin/chromium ] && ls "$FANDOL"/FandolFang-Regular.otf >/dev/null 2>&1 \
   && fc-list | grep "Noto Serif CJK" >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-liberation2 fontconfig chromium >/dev/null
tmp=$(mktemp -d)
(cd "$tmp" && chmod 777 . && apt-get download -qq texlive-lang-chinese \
  && dpkg-deb --fsys-tarfile texlive-lang-chinese_*.deb \
     | tar -x --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*')
$SUDO mkdir -p "$FANDOL"
$SUDO cp "$tmp"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$FANDOL"/
rm -rf "$tmp"
$SUDO fc-cache -f >/dev/null
