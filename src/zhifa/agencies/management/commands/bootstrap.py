"""``zhifa bootstrap USERNAME --name NAME``: the first 系统管理员 of a new installation (every later account has
a granter)."""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError

from zhifa.agencies import actions
from zhifa.agencies.models import OrgLevel
from zhifa.core.errors import RuleViolation


class Command(BaseCommand):
    help = "开通第一个系统管理员账号（仅在尚无系统管理员时可用），并建立顶级行政区域"

    def add_arguments(self, parser):
        parser.add_argument("username", help="系统管理员的用户名")
        parser.add_argument("--name", required=True, help="系统管理员本人的姓名（页面以姓名称呼账号，不显示用户名）")
        parser.add_argument("--region", required=True, help="顶级行政区域的名称，如 辽宁省（已有则沿用）")
        parser.add_argument("--level", default="province", help="顶级行政区域的层级代码（默认 province）")

    def handle(self, *args, username, name, region, level, **options):
        found = OrgLevel.objects.filter(code=level).first()
        if found is None:
            raise CommandError(f"没有层级代码“{level}”")
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致")
        try:
            user = actions.create_first_administrator(username=username, password=password, name=name,
                                                      region_name=region, level=found)
        except RuleViolation as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"已开通系统管理员“{user.get_username()}”（{name}，{region}）")
