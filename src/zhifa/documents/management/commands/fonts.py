"""``zhifa fonts``: cut the PDF font down to the common characters once (``zhifa.documents.fonts``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhifa.documents import fonts


class Command(BaseCommand):
    help = "生成文书 PDF 所用的常用字字体（GB 2312 字符），使每份文书的生成快约五倍；已生成的不再重做"

    def handle(self, *args, **options) -> None:
        path = fonts.common_path()
        if path.exists():
            self.stdout.write(f"常用字字体已存在：{path}")
            return
        self.stdout.write("正在生成常用字字体（约一分钟）…")
        self.stdout.write(f"已生成：{fonts.make_common()}")
