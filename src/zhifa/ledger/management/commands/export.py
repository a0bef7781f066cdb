"""``zhifa export --agency ID [--since DATE] [--until DATE] OUT_DIR``: a BagIt bag of an agency's ledger entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from zhifa.ledger.bag import ExportError, export_bag


def _date(option: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}：日期格式应为 YYYY-MM-DD，收到“{value}”", returncode=2) from None


class Command(BaseCommand):
    help = ("导出执法主体的记录台账为 BagIt 包（SM3 与 SHA-256 清单、记录、签名检查点、包含证明），"
            "可用 zhifa verify --bag 或 openssl 离线校验")

    def add_arguments(self, parser):
        parser.add_argument("--agency", type=int, required=True, help="执法主体的编号")
        parser.add_argument("--since", help="自该日（YYYY-MM-DD，含）起记录的条目")
        parser.add_argument("--until", help="至该日（YYYY-MM-DD，含）止记录的条目")
        parser.add_argument("out_dir", help="输出目录（不存在或为空）")

    def handle(self, *args, agency, since=None, until=None, out_dir, **options):
        since_day, until_day = _date("--since", since), _date("--until", until)
        if since_day and until_day and since_day > until_day:
            raise CommandError("--since 不能晚于 --until", returncode=2)
        Agency = apps.get_model("agencies", "Agency")  # by name: the ledger sits below agencies
        try:
            owner = Agency.objects.select_related("level").get(pk=agency)
        except Agency.DoesNotExist:
            raise CommandError(f"没有编号为 {agency} 的机构", returncode=2) from None
        try:
            summary = export_bag(agency=owner, out_dir=Path(out_dir), since=since_day, until=until_day)
        except ExportError as e:
            raise CommandError(f"导出失败：{e}", returncode=1) from None
        self.stdout.write(f"已导出：{owner.name}（链 {summary.chain}）第 {summary.first_seq}–{summary.last_seq} 条，"
                          f"共 {summary.entries} 条，检查点前 {summary.tree_size} 条 → {summary.path}")
