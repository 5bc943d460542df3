"""A page's form as a browser would post it, for the route tests: fields in document order, checkboxes only
when checked, a select's chosen option, a textarea's text (its first newline dropped, as HTML says)."""

from __future__ import annotations

import difflib
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from starlette.testclient import TestClient

from drafter.web.app import create_app


class _Form(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._text: list | None = None
        self._select: tuple[str, list] | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append([a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._text = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]

    def handle_data(self, data):
        if self._text is not None:
            self._text[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._text is not None:
            name, text = self._text
            self.fields.append([name, text[1:] if text.startswith("\n") else text])
            self._text = None
        elif tag == "option" and self._option is not None and self._select is not None:
            self._select[1].append(self._option)
            self._option = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = next((o for o in options if o[2]), options[0] if options else None)
            if chosen is not None:
                self.fields.append([name, chosen[0] if chosen[0] is not None else chosen[1]])
            self._select = None


def changed(before: str, after: str) -> list[str]:
    """The lines a save removed (-) and added (+)."""
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def year_form(html: str) -> list[list[str]]:
    parser = _Form("year-form")
    parser.feed(html)
    return parser.fields


def set_field(fields: list[list[str]], name: str, value: str) -> None:
    hits = [f for f in fields if f[0] == name]
    assert hits, f"{name} not in the form"
    hits[0][1] = value


def csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def post(web: TestClient, url: str, fields: list[list[str]], htmx: bool = True):
    """Post `fields` as the page's form (urlencoded, in order); from the page's script unless `htmx` is False."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", **({"HX-Request": "true"} if htmx else {})}
    return web.post(url, content=urlencode([tuple(f) for f in fields]), headers=headers)


def client(root) -> TestClient:
    return TestClient(create_app(root), base_url="http://127.0.0.1")
