"""Print the demo logins: who to be, and what to try first."""

from django.core.management.base import BaseCommand

from accounts.models import User
from demo import loader as demo


class Command(BaseCommand):
    help = "列出演示账号及其密码"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        existing = set(
            User.objects.filter(username__in=[u for _r, u, _t in demo.LOGINS]).values_list("username", flat=True)
        )
        self.stdout.write("")
        self.stdout.write(f"演示地址：http://127.0.0.1:{port}/    所有演示账号的密码：{demo.PASSWORD}")
        width = max(_width(role) for role, _u, _t in demo.LOGINS)
        self.stdout.write(f"{_pad('角色', width)}  {_pad('用户名', 12)}先试试")
        for role, username, hint in demo.LOGINS:
            if username in existing:
                self.stdout.write(f"{_pad(role, width)}  {username:<12}{hint}")
        self.stdout.write(
            "其他账号：deputy0002…deputy0945（十四届代表）、former0001…（十三届代表）、"
            "unit001_handler / unit001_leader…（各承办单位）、office2、supervisor2。"
        )
        self.stdout.write(
            f"API：http://127.0.0.1:{port}/api/v1/suggestions/   文档：http://127.0.0.1:{port}/api/schema/"
        )
        self.stdout.write("")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
