"""Benchmark: `drafter serve` on the 辛口 2022 example — the year page's load, and a save with its re-check.

    python bench/bench_serve.py

The issue's targets: the year page in under 200 ms, a save with its re-check in under 300 ms. Requests go
through the whole app (Starlette's test client: routing, CSRF, the form, yamledit, the check, the templates).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def main() -> None:
    from bench_import import timed

    from web_form import client, set_field, year_form

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        shutil.copytree(REPO / "towns" / "辛口", ws / "towns" / "辛口")
        with client(ws) as web:
            url = "/t/辛口/2022"
            web.get(url)  # templates compiled, modules imported: what a clerk's second visit costs
            t = timed(lambda: web.get(url), runs=20)
            print(f"year page (辛口 2022): median {t * 1000:.0f} ms (target < 200 ms)")
            values = iter(["300", "284"] * 100)

            def save() -> None:
                fields = year_form(web.get(url).text)
                set_field(fields, "figures.审查合同.value", next(values))
                body = urlencode([tuple(f) for f in fields])
                t0 = time.perf_counter()
                answer = web.post(f"{url}/save", content=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"})
                save.times.append(time.perf_counter() - t0)
                assert answer.status_code == 200 and "已保存" in answer.text, answer.text[:500]

            save.times = []
            for _ in range(21):
                save()
            t = statistics.median(save.times[1:])
            print(f"save one figure + re-check (辛口 2022): median {t * 1000:.0f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
