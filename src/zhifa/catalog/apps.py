from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from zhifa.agencies.models import ImportRun


def _list_page(page: str, run: ImportRun) -> str:
    from django.urls import reverse

    return reverse("catalog:list", args=[run.agency_id, page])


class CatalogConfig(AppConfig):
    name = "zhifa.catalog"
    label = "catalog"
    verbose_name = "清单与文本"

    def ready(self) -> None:
        from functools import partial

        from zhifa.agencies import imports
        from zhifa.catalog import excel
        from zhifa.catalog.models import ListKind
        from zhifa.catalog.work import ListReturned, ListToPublish
        from zhifa.work import registry

        registry.register(ListToPublish())
        registry.register(ListReturned())

        for kind in excel.SHEETS:
            page = ListKind.ITEMS if kind == excel.DISCRETION else kind  # the standards show on the items' page
            imports.register(imports.Kind(
                code=kind, label=excel.FILENAMES[kind], permission="catalog.manage",
                run=partial(excel.queued_import, kind), summary=partial(excel.summary, kind),
                back=partial(_list_page, page)))
