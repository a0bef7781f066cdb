"""Benchmark: the Excel import of a 行政执法事项清单 with 500 and with 5,000 items.

    .venv/bin/python bench/bench_catalog_import.py                      # SQLite in a temporary data dir
    .venv/bin/python bench/bench_catalog_import.py --postgres postgres://postgres@127.0.0.1:5432/zhifa

With --postgres the benchmark creates its own scratch database on that server (zhifa_bench_<pid>) and drops it
afterwards; the database named in the URL is only used to connect.

One agency with a few units, forty articles of four laws, and a workbook of N items (every item citing two
articles, some citing three, in 5 units and 2 domains) imported through ``zhifa.catalog.excel.import_list`` into
an empty draft: reading the file, checking every row, writing the draft and its ledger entry. Measured for the
small size (the baseline, in the same run) and the large one, each into an agency of its own, the median of a
few runs; queries are counted with Django's CaptureQueriesContext.

Targets: the large import takes at most 12x the time of the small one (linear: 10x the rows), and the number of
queries per row does not grow (statements are per batch, not per row). Prints PASS/FAIL for each; exits 1 when
one is missed.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from functools import partial

from benchdb import scratch_database, tree_node  # also puts src/ on the path
from targets import Targets

HEADERS = ["事项编码", "事项名称", "行为类别", "执法领域", "承办机构", "法律依据", "受理条件", "申请材料", "办理流程",
           "办理时限", "收费标准", "监督投诉电话", "责任追究", "救济渠道", "办公时间", "办公地址", "咨询电话",
           "服务指南补充说明"]
LAWS = [("中华人民共和国行政处罚法", "行政处罚法"), ("中华人民共和国土地管理法", "土地管理法"),
        ("中华人民共和国城乡规划法", "城乡规划法"), ("中华人民共和国行政许可法", "行政许可法")]
UNITS = ("执法监察支队", "法规科", "办公室", "测绘科", "矿产科")
KINDS = ("行政处罚", "行政检查", "行政许可", "行政强制")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (a scratch database on this server)")
    p.add_argument("--small", type=int, default=500, help="items for the baseline (default 500)")
    p.add_argument("--large", type=int, default=5_000, help="items for the large run (default 5000)")
    p.add_argument("--runs", type=int, default=3, help="imports per size; the median is kept")
    return p.parse_args()


def build_world(agencies: int):
    """辽宁省 / 鞍山市 / ``agencies`` 执法主体 with five units each; the laws; a system administrator."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from zhifa.agencies.models import OrgLevel, Role, RoleGrant
    from zhifa.catalog.models import Article, LegalDocument
    from zhifa.core.validators import uscc_check_character

    levels = {lv.code: lv for lv in OrgLevel.objects.all()}

    node = partial(tree_node, levels)

    province = node(None, "province", "辽宁省")
    city = node(province, "city", "鞍山市")
    found = []
    for i in range(agencies):
        body = f"11210300MB{9000000 + i:07d}"
        agency = node(city, "agency", f"测试局{i + 1}", uscc=body + uscc_check_character(body))
        for unit in UNITS:
            node(agency, "unit", unit)
        found.append(agency)
    for name, short in LAWS:
        document = LegalDocument.objects.create(name=name, short_name=short, issuing_body="全国人民代表大会常务委员会",
                                                kind="law", in_force_from=dt.date(2020, 1, 1))
        Article.objects.bulk_create([Article(document=document, seq=seq, text=f"{short}第{seq}条（摘要）")
                                     for seq in range(1, 11)])
    admin = get_user_model().objects.create_user("bench_admin", password="bench-pass-1")
    RoleGrant.objects.create(user=admin, agency=province, role=Role.SYSADMIN)
    return admin, found


def workbook(n: int) -> bytes:
    import openpyxl

    from zhifa.core.numerals import article_label

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("行政执法事项清单")
    sheet.append(HEADERS)
    for i in range(n):
        law = LAWS[i % len(LAWS)][1]
        basis = f"《{law}》{article_label(1 + i % 10)}、{article_label(1 + (i + 3) % 10)}"
        if i % 3 == 0:
            basis += f"；《行政处罚法》{article_label(1 + i % 7)}"
        row = {"事项编码": f"BM-{i:05d}", "事项名称": f"测试执法事项{i}", "行为类别": KINDS[i % len(KINDS)],
               "执法领域": ("自然资源", "住房城乡建设")[i % 2], "承办机构": UNITS[i % len(UNITS)], "法律依据": basis,
               "办理流程": "申请—受理—审查—决定", "办理时限": "20个工作日", "收费标准": "不收费",
               "救济渠道": "行政复议或行政诉讼", "咨询电话": "0412-5550200"}
        sheet.append([row.get(h) for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(admin, agency, data: bytes) -> tuple[float, int]:
    """(seconds, queries) of one import into ``agency``'s empty items list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhifa.catalog import excel

    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        result = excel.import_list(actor=admin, agency=agency, kind="items", data=data)
        seconds = time.perf_counter() - t0
    assert result["created"] == result["total"], result
    return seconds, len(ctx.captured_queries)


def main() -> None:
    args = parse_args()
    targets = Targets()
    with scratch_database(args.postgres):
        admin, agencies = build_world(2 * args.runs + 1)
        files = {n: workbook(n) for n in (args.small, args.large)}
        for n, data in files.items():
            print(f"工作簿：{n:,} 项，{len(data) / 1024:.0f} KB")
        measure(admin, agencies[-1], files[args.small])  # warm up: imports, templates of queries, caches
        results: dict[int, tuple[float, int]] = {}
        spare = iter(agencies[:-1])
        for n in (args.small, args.large):
            runs = [measure(admin, next(spare), files[n]) for _ in range(args.runs)]
            results[n] = (statistics.median(s for s, _ in runs), runs[0][1])

        print()
        print(f"{'事项数':>8}{'耗时(秒)':>10}{'查询数':>8}{'每行查询':>10}{'每行(ms)':>10}")
        for n, (seconds, queries) in results.items():
            print(f"{n:>10,}{seconds:>10.2f}{queries:>10}{queries / n:>11.3f}{seconds * 1000 / n:>10.2f}")
        (s1, q1), (s2, q2) = results[args.small], results[args.large]
        ratio = s2 / s1
        scale = args.large / args.small
        print()
        targets.check(ratio <= 12 * scale / 10, f"{args.large:,} 项耗时为 {args.small:,} 项的 {ratio:.2f} 倍"
                      f"（行数 {scale:.0f} 倍，目标 ≤ {12 * scale / 10:.0f} 倍）")
        targets.check(q2 / args.large <= q1 / args.small * 1.05,
                      f"每行查询数不增长（{q1 / args.small:.3f} → {q2 / args.large:.3f}；"
                      f"总数 {q1} → {q2}，按批而非按行执行语句）")
    targets.exit()


if __name__ == "__main__":
    main()
