"""``zhifa export --agency ID [--since DATE] [--until DATE | --case 案件编号] [--user NAME --reason TEXT] OUT_DIR``:
a BagIt bag of an agency's ledger entries, or of one case's, with the evidence files they name."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import RuleViolation
from zhifa.core.fields import command_date
from zhifa.ledger.bag import EVIDENCE_SOURCES, ExportError, export_bag

OPTIONS = {"user": "--user", "reason": "--reason", "case": "--case"}


class Command(BaseCommand):
    help = ("导出执法主体的记录台账（或一个案件的记录）为 BagIt 包：证据文件、SM3 与 SHA-256 清单、记录、签名检查点、"
            "包含证明，可用 zhifa verify --bag 或 openssl 离线校验；导出证据记入台账")

    def add_arguments(self, parser):
        parser.add_argument("--agency", type=int, required=True, help="执法主体的编号")
        parser.add_argument("--since", help="自该日（YYYY-MM-DD，含）起记录的条目")
        parser.add_argument("--until", help="至该日（YYYY-MM-DD，含）止记录的条目")
        parser.add_argument("--case", help="案件编号：只导出该案证据的记录及其文件（不与 --since、--until 同用）")
        parser.add_argument("--user", help="导出人的用户名（包含证据文件时必填，记入台账，并按其查看权限导出）")
        parser.add_argument("--reason", help="导出事由（包含证据文件时必填，记入台账）")
        parser.add_argument("out_dir", help="输出目录（不存在或为空）")

    def handle(self, *args, agency, since=None, until=None, case=None, user=None, reason=None, out_dir,
               **options):
        since_day, until_day = command_date("--since", since), command_date("--until", until)
        if since_day and until_day and since_day > until_day:
            raise CommandError("--since 不能晚于 --until", returncode=2)
        if case is not None and (since_day or until_day):
            raise CommandError("--case 导出整个案件的记录，不与 --since、--until 同用", returncode=2)
        Agency = apps.get_model("agencies", "Agency")  # by name: the ledger sits below agencies
        try:
            owner = Agency.objects.select_related("level").get(pk=agency)
        except Agency.DoesNotExist:
            raise CommandError(f"没有编号为 {agency} 的机构", returncode=2) from None
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"--user：没有用户名为“{user}”的用户", returncode=2) from None
        factory = EVIDENCE_SOURCES[0] if EVIDENCE_SOURCES else None
        if case is not None and factory is None:
            raise CommandError("--case：未安装证据模块，不能按案件导出", returncode=2)
        try:
            source = factory(actor=actor, reason=reason or "", agency=owner, case_number=case) if factory else None
            summary = export_bag(agency=owner, out_dir=Path(out_dir), since=since_day, until=until_day,
                                 subjects=source.subjects if source else None, evidence=source,
                                 label=f"案件 {case}" if case else "")
        except RuleViolation as e:
            option = OPTIONS.get(e.field or "")
            raise CommandError(f"导出失败：{option + '：' if option else ''}{e}", returncode=1) from None
        except ExportError as e:
            raise CommandError(f"导出失败：{e}", returncode=1) from None
        span = f"第 {summary.first_seq}–{summary.last_seq} 条"
        span = f"案件 {case} {span}之间" if case else span
        self.stdout.write(f"已导出：{owner.name}（链 {summary.chain}）{span}，共 {summary.entries} 条，"
                          f"检查点前 {summary.tree_size} 条；证据文件 {summary.evidence_files} 个，"
                          f"未随包 {summary.evidence_missing} 个 → {summary.path}")
