"""``zhifa purge [--dry-run]``: remove the raw bytes whose retention has run out (REC-11).

Held and filed evidence is never purged; bytes shared with such evidence are kept. Each purge is a ledger
entry keeping the digest, size and reason, so ``zhifa verify`` still passes afterwards.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhifa.records import retention


class Command(BaseCommand):
    help = "按保存期限清除原始音像记录的文件内容（保留摘要与台账记录）；--dry-run 只列出不清除"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将被清除的文件，不清除")

    def handle(self, *args, dry_run=False, **options):
        done = retention.purge(now=timezone.now(), dry_run=dry_run)
        verb = "将清除" if dry_run else "已清除"
        for c in done:
            names = "、".join(f"#{e.pk} {e.original_name}" for e in c.evidence)
            self.stdout.write(f"{verb} {c.blob.sm3}（{c.blob.size} 字节）：{names}；{c.reason}")
        total = sum(c.blob.size for c in done)
        self.stdout.write(f"{verb} {len(done)} 个文件，共 {total} 字节。")
