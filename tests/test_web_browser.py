"""The clerk's job in a real browser: Playwright drives Debian's chromium (.ci/run installs it) against
`drafter serve`, started as the clerk starts it, over a copy of the examples.

Screenshots of the towns page and the year page at 1366×768 (the common office laptop) are saved under the
test's tmp folder and copied to build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import difflib
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import REPO, copy_examples, edit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREEN = {"width": 1366, "height": 768}

pytestmark = pytest.mark.timeout(240)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path):
    """`drafter serve --no-browser` over a copy of the examples, in which one text is carried over from last
    year and not yet reviewed (as `drafter new` leaves it); yields the workspace and the page's address."""
    ws = copy_examples(tmp_path / "ws")
    edit(ws / "towns/辛口/2022.yaml", "    - title: 争做尊法学法守法用法模范\n",
         "    - title: 争做尊法学法守法用法模范\n      reviewed: false\n")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from drafter.cli import cli; cli()", "--root", str(ws),
                               "serve", "--port", str(port), "--no-browser"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError(server.stdout.read() if server.poll() is not None else "server did not start")
        yield ws, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert "drafter 网页已启动" in out


@pytest.fixture
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def shoot(page, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / name))
    kept = REPO / "build" / "screenshots"
    kept.mkdir(parents=True, exist_ok=True)
    shutil.copy2(folder / name, kept / name)


def test_the_clerks_year_in_the_browser(served, browser, tmp_path):
    ws, url = served
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_text(encoding="utf-8")
    page = browser.new_page(viewport=SCREEN, accept_downloads=True, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(url + "/")
    expect(page.get_by_role("heading", name="镇街和年度")).to_be_visible()
    expect(page.locator("a.year-card", has_text="2022 年度")).to_contain_text("1 处待填")
    shoot(page, tmp_path, "towns.png")

    page.locator("a.year-card", has_text="2022 年度").click()
    expect(page.locator("#findings h2")).to_contain_text("1 个错误")
    shoot(page, tmp_path, "year.png")

    # the finding leads to its field
    page.locator("button.finding.error").first.click()
    expect(page.locator('[id="f-duties.items.o-1"] .review button')).to_be_visible()

    # a figure changed in the table
    page.fill('input[name="figures.审查合同.value"]', "300")

    # a sentence with a figure chip, written at the end of a text
    editor = page.locator('.editor[data-name="duties.items.o-0.text"]')
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("全年审查合同")
    page.select_option("#chip-pick", "审查合同")
    page.click("#chip-insert")
    page.keyboard.type("。")
    expect(editor.locator(".chip").last).to_have_text("审查合同 284份")

    # the carried-over text marked reviewed, in one click
    page.locator('[id="f-duties.items.o-1"] button.mark-reviewed').click()

    page.keyboard.press("Control+s")
    expect(page.locator(".notice.ok")).to_contain_text("已保存")
    expect(page.locator("#findings h2")).to_contain_text("0 个错误")  # the check, updated
    expect(page.locator("#chip-pick option", has_text="审查合同 300份")).to_have_count(1)

    with page.expect_download() as download:
        page.get_by_role("button", name="正式稿").click()
    expect(page.locator("#export-result")).to_contain_text("已导出正式稿")
    docx = tmp_path / download.value.suggested_filename
    download.value.save_as(docx)
    assert docx.name == "西青区辛口镇2022年度法治政府建设情况报告.docx"
    assert (ws / "exports" / docx.name).read_bytes() == docx.read_bytes()  # written to exports/ as the CLI does
    body = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert "全年审查合同300份。" in body

    after = file.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    first = next(line for line in before.splitlines() if line.startswith("        认真研究决定依法治镇委员会"))
    assert changed == [
        "-" + first,
        "+" + first + "全年审查合同{{ 审查合同 }}。",
        "-      reviewed: false",
        "+      reviewed: true",
        "-  审查合同: {value: 284, unit: 份, label: 法律顾问与公职律师审查合同}",
        "+  审查合同: {value: 300, unit: 份, label: 法律顾问与公职律师审查合同}",
    ]
    assert errors == []
