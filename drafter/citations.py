"""The laws and documents these reports cite most, with when each was issued and how long it runs: the
data of the `citations` check (a report for year Y citing a document not in force in Y, or misnaming it).

Last checked: 2026-11-30, against the documents' own published texts as known to the maintainers (not
every entry verified online that day). Keep it up: when a document is replaced (a new 纲要 after 2025, the
“九五” 普法 plan), set `until` on the old entry, name its `successor`, and add the new one; add a document
when reviewers keep finding it misnamed. Only national documents: a town's or district's own plans vary
by place, and the check reads any “（2021—2025年）” period in a title by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CHECKED = dt.date(2026, 11, 30)


@dataclass(frozen=True)
class Document:
    name: str  # as issued, without 《》
    issuer: str
    issued: dt.date  # 印发 or 公布
    in_force: dt.date  # 施行 (a party document: when issued)
    until: int | None = None  # the last year it covers (a plan's period); None while in force
    successor: str | None = None  # what replaced it, once `until` has passed
    short: tuple[str, ...] = ()  # shorter names that are right too (《行政处罚法》)
    wrong: tuple[str, ...] = ()  # names often written for it that are wrong
    aliases: tuple[str, ...] = ()  # how a text names it outside 《》 (“八五”普法)


DOCUMENTS = (
    Document("法治政府建设实施纲要（2015—2020年）", "中共中央、国务院", dt.date(2015, 12, 27), dt.date(2015, 12, 27),
             until=2020, successor="《法治政府建设实施纲要（2021—2025年）》",
             wrong=("法制政府建设实施纲要（2015—2020年）", "法治政府建设纲要（2015—2020年）")),
    Document("法治政府建设实施纲要（2021—2025年）", "中共中央、国务院", dt.date(2021, 8, 11), dt.date(2021, 8, 11),
             until=2025, successor="新的法治政府建设实施纲要",
             wrong=("法制政府建设实施纲要（2021—2025年）", "法治政府建设纲要（2021—2025年）")),
    Document("法治中国建设规划（2020—2025年）", "中共中央", dt.date(2021, 1, 10), dt.date(2021, 1, 10), until=2025),
    Document("法治社会建设实施纲要（2020—2025年）", "中共中央", dt.date(2020, 12, 7), dt.date(2020, 12, 7), until=2025),
    Document("法治政府建设与责任落实督察工作规定", "中共中央办公厅、国务院办公厅", dt.date(2019, 5, 6), dt.date(2019, 5, 6),
             wrong=("法治政府建设与责任落实督查工作规定", "法治政府建设与责任落实督察规定")),
    Document("党政主要负责人履行推进法治建设第一责任人职责规定", "中共中央办公厅、国务院办公厅",
             dt.date(2016, 12, 14), dt.date(2016, 12, 14),
             wrong=("党政主要负责人履行推进法制建设第一责任人职责规定",)),
    Document("重大行政决策程序暂行条例", "国务院", dt.date(2019, 4, 20), dt.date(2019, 9, 1),  # 国务院令第713号
             wrong=("重大行政决策程序条例", "重大行政决策暂行条例")),
    Document("优化营商环境条例", "国务院", dt.date(2019, 10, 22), dt.date(2020, 1, 1)),  # 国务院令第722号
    Document("中华人民共和国政府信息公开条例", "国务院", dt.date(2007, 4, 5), dt.date(2008, 5, 1),  # 2019年修订
             short=("政府信息公开条例",)),
    Document("中华人民共和国民法典", "全国人民代表大会", dt.date(2020, 5, 28), dt.date(2021, 1, 1), short=("民法典",)),
    Document("中华人民共和国行政处罚法", "全国人民代表大会", dt.date(1996, 3, 17),  # 2021年修订，7月15日施行
             dt.date(1996, 10, 1), short=("行政处罚法",)),
    Document("中华人民共和国行政复议法", "全国人民代表大会常务委员会", dt.date(1999, 4, 29),  # 2023年修订，2024年施行
             dt.date(1999, 10, 1), short=("行政复议法",)),
    Document("中华人民共和国反有组织犯罪法", "全国人民代表大会常务委员会", dt.date(2021, 12, 24), dt.date(2022, 5, 1),
             short=("反有组织犯罪法",)),
    Document("中央宣传部、司法部关于在公民中开展法治宣传教育的第七个五年规划（2016—2020年）", "中共中央宣传部、司法部",
             dt.date(2016, 4, 17), dt.date(2016, 4, 17), until=2020, successor="“八五”普法规划",
             short=("关于在公民中开展法治宣传教育的第七个五年规划（2016—2020年）",),
             aliases=("“七五”普法", "七五普法", "“七五”法治宣传")),
    Document("中央宣传部、司法部关于开展法治宣传教育的第八个五年规划（2021—2025年）", "中共中央宣传部、司法部",
             dt.date(2021, 6, 15), dt.date(2021, 6, 15), until=2025, successor="新的普法规划",
             short=("关于开展法治宣传教育的第八个五年规划（2021—2025年）",),
             aliases=("“八五”普法", "八五普法", "“八五”法治宣传")),
)
