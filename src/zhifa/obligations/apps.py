from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "zhifa.obligations"
    label = "obligations"
    verbose_name = "期限与待办"

    def ready(self) -> None:
        from zhifa.core import sweeps
        from zhifa.obligations.sweep import sweep
        from zhifa.obligations.work import OpenObligation
        from zhifa.work import registry

        sweeps.register("obligations", sweep)
        registry.register(OpenObligation())
