from django.core.management.base import BaseCommand

from zhifa.demo import data


def print_logins(stdout, logins: dict[str, str]) -> None:
    stdout.write(f"演示账号（密码均为 {data.DEMO_PASSWORD}）：")
    for username, description in logins.items():
        stdout.write(f"  {username:<14} {description}")
    print_totp(stdout)


def print_totp(stdout) -> None:
    stdout.write(f"需动态验证码的账号共用演示密钥（otpauth secret）：{data.DEMO_TOTP_SECRET}"
                 f"（加入手机身份验证器，或 oathtool --totp -b {data.DEMO_TOTP_SECRET}）")


class Command(BaseCommand):
    help = "载入演示数据：鞍山市、司法局、自然资源局、住建局、约30名执法人员和各角色账号"

    def add_arguments(self, parser):
        parser.add_argument("--publications", type=int, default=data.DEMO_PUBLICATIONS, metavar="N",
                            help=f"门户网站上生成的公示信息条数（默认 {data.DEMO_PUBLICATIONS}）")

    def handle(self, *args, publications=data.DEMO_PUBLICATIONS, **options):
        if data.already_loaded():
            self.stdout.write("演示数据已存在，未重复载入。")
            return
        print_logins(self.stdout, data.build(publications=publications))
