from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zhifa.review"
    label = "review"
    verbose_name = "法制审核"

    def ready(self) -> None:
        from zhifa.review import guards  # noqa: F401  (registers the legal review's checks with the case engine)
