from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhifa.ledger"
    label = "ledger"
    verbose_name = "记录台账"

    def ready(self) -> None:
        from zhifa.ledger import db

        db.install_connection_hooks()
