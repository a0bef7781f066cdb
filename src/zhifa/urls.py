from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from zhifa.agencies.auth_views import admin_login, admin_password_change
from zhifa.home.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("zhifa.agencies.urls")),
    path("workdays/", include("zhifa.workdays.urls")),
    path("todo/", include("zhifa.work.urls")),
    path("deadlines/", include("zhifa.obligations.urls")),
    path("supervision/", include("zhifa.supervision.urls")),
    path("statistics/", include("zhifa.statistics.urls")),
    path("records/", include("zhifa.records.urls")),
    path("parties/", include("zhifa.parties.urls")),
    path("documents/", include("zhifa.documents.urls")),
    path("cases/", include("zhifa.cases.urls")),
    path("review/", include("zhifa.review.urls")),
    path("publicity/", include("zhifa.publicity.urls")),
    path("portal/", include("zhifa.publicity.portal_urls")),
    path("catalog/", include("zhifa.catalog.urls")),
    path("public/ledger/", include("zhifa.ledger.urls")),
    # Browsers ask for /favicon.ico whatever the page links; the icon itself is a static SVG.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("zhifa/favicon.svg"), permanent=True),
         name="favicon"),
]

# The Django admin only when asked for, and then only behind zhifa's own login (throttled, two factors).
if settings.ZHIFA_ADMIN:
    admin.site.login = admin_login  # type: ignore[method-assign]
    admin.site.password_change = admin_password_change  # type: ignore[method-assign]
    urlpatterns.insert(0, path("admin/", admin.site.urls))
