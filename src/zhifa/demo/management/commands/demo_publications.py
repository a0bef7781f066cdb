from django.core.management.base import BaseCommand, CommandError

from zhifa.demo import data, publications
from zhifa.publicity.models import PublicationState


class Command(BaseCommand):
    help = "在已载入的演示数据上再生成 N 条公示信息（门户网站检索的演示和基准测试）"

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="生成的公示信息条数")

    def handle(self, *args, count, **options):
        if not data.already_loaded():
            raise CommandError("请先载入演示数据（zhifa demo）")
        if count < 1:
            raise CommandError("条数应为正整数")
        made = publications.build(count)
        self.stdout.write(f"已生成 {sum(made.values())} 条公示信息：" + "，".join(
            f"{PublicationState(s).label} {n}" for s, n in sorted(made.items())))
