"""``zhifa verify``: recompute every ledger chain; exit 0 when all holds, 1 naming the first bad entry."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from zhifa.core.fields import command_date
from zhifa.ledger import witness
from zhifa.ledger.bag import verify_bag
from zhifa.ledger.models import Entry
from zhifa.ledger.verify import BadCheckpointFile, load_checkpoint_file, verify


class Progress:
    """A progress bar on a terminal, nothing otherwise."""

    def __init__(self, stream, total: int) -> None:
        self.stream, self.total, self.done = stream, max(total, 1), 0
        self.active = stream.isatty()

    def __call__(self, n: int) -> None:
        self.done += n
        if self.active:
            width = 40
            filled = int(width * min(self.done, self.total) / self.total)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "校验记录台账：重算每条哈希链，发现改动、删除、插入、调换或截断时指出第一条有问题的记录"

    def add_arguments(self, parser):
        parser.add_argument("--agency", type=int, action="append", help="只校验该执法主体的链（可重复）")
        parser.add_argument("--since", help="只校验该日期（YYYY-MM-DD）之后的记录")
        parser.add_argument("--bag", help="离线校验 zhifa export 导出的 BagIt 包（不访问数据库）")
        parser.add_argument("--checkpoint", action="append", metavar="FILE",
                            help="另行保存的检查点文件（公示页下载的 JSON）：核对台账此后未被截断或改写（可重复）")

    def handle(self, *args, agency=None, since=None, bag=None, checkpoint=None, **options):
        if bag:
            return self.check_bag(Path(bag))
        since_day = command_date("--since", since)
        since_at = (dt.datetime.combine(since_day, dt.time(), tzinfo=timezone.get_current_timezone())
                    if since_day else None)
        if Entry._meta.db_table not in connection.introspection.table_names():
            raise CommandError(f"数据库中没有记录台账（{connection.settings_dict['NAME']}）：ZHIFA_DATA_DIR 或 "
                               "ZHIFA_DATABASE_URL 是否指向本系统的数据？新库请先运行 zhifa migrate", returncode=2)
        held = []
        for name in checkpoint or []:
            try:
                held += load_checkpoint_file(name, Path(name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as e:
                raise CommandError(f"--checkpoint：无法读取 {name}：{e}", returncode=2) from None
            except BadCheckpointFile as e:
                raise CommandError(f"--checkpoint：{e}", returncode=2) from None
        progress = Progress(sys.stderr, Entry.objects.count())
        report = verify(agency_ids=agency, since=since_at, progress=progress, held=held)
        progress.close()
        for chain, what in report.witnessed.items():
            self.stdout.write(f"见证：链 {chain}（{witness.directory.name(chain) or '—'}）{what}")
        for chain, why in report.unwitnessed.items():
            self.stdout.write(f"未见证：链 {chain}（{witness.directory.name(chain) or '—'}）：{why}")
        if report.ok:
            outside = f"，另核对 {report.anchors} 个见证副本或检查点文件中的检查点" if report.anchors else ""
            self.stdout.write(f"校验通过：{report.chains} 条链，{report.entries} 条记录，"
                              f"{report.checkpoints} 个签名检查点{outside}，全部一致。")
            return
        for problem in report.problems:
            self.stderr.write(f"校验失败：{problem}")
        raise CommandError(f"校验失败：{len(report.problems)} 条链有问题", returncode=1)

    def check_bag(self, path: Path) -> None:
        problems = verify_bag(path)
        if not problems:
            self.stdout.write(f"校验通过：{path} 的清单、每条记录的哈希与链接、包含证明和检查点签名全部一致。")
            return
        for problem in problems:
            self.stderr.write(f"校验失败：{problem}")
        raise CommandError(f"校验失败：{path} 有 {len(problems)} 处问题", returncode=1)
