import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhifa.demo import data
from zhifa.demo.management.commands.demo import print_logins, print_totp


class Command(BaseCommand):
    help = "迁移数据库、首次运行时载入演示数据，启动后台任务进程，然后在 http://127.0.0.1:8000 提供服务"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="不载入演示数据")
        parser.add_argument("--no-worker", action="store_true",
                            help="不启动后台任务进程（已另行运行 zhifa worker 时）")

    def handle(self, *args, addrport, no_demo, no_worker=False, **options):
        self.stdout.write("正在迁移数据库…")
        call_command("migrate", interactive=False, verbosity=0)
        if not no_demo:
            if data.already_loaded():
                self.stdout.write(f"演示数据已载入；演示账号密码均为 {data.DEMO_PASSWORD}"
                                  "（如 admin、supervisor、nr_officer）")
                print_totp(self.stdout)
            else:
                self.stdout.write("正在载入演示数据（仅首次运行）…")
                print_logins(self.stdout, data.build(publications=data.DEMO_PUBLICATIONS))
        # Work someone waits for on a page (a verification) runs in the worker: without it, trying the
        # system would leave it queued for ever. It stops with the server.
        worker = None if no_worker else subprocess.Popen([sys.executable, "-m", "zhifa", "worker"])
        self.stdout.write(f"zhifa 在 http://{addrport}/ 提供服务（Ctrl-C 停止）")
        # A plain `kill` would end this process without the cleanup below and leave the worker running.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
