from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "zhifa.statistics"
    label = "statistics"
    verbose_name = "行政执法统计"

    def ready(self) -> None:
        from zhifa.core import sweeps
        from zhifa.statistics import actions

        sweeps.register("statistics_reports", actions.open_due)  # PUB-12: each agency's report once a period ends
