from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhifa.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from zhifa.core import sessions

        user_logged_in.connect(sessions.started, dispatch_uid="zhifa.core.sessions.started")
