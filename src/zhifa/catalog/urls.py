from django.urls import path
from django.views.generic import RedirectView

from zhifa.catalog import import_views, list_views, text_views, views

app_name = "catalog"
urlpatterns = [
    path("", list_views.index, name="index"),
    # legal bases
    path("laws/", views.law_list, name="law_list"),
    path("laws/new/", views.law_create, name="law_create"),
    path("laws/<int:pk>/", views.law_detail, name="law_detail"),
    path("laws/<int:pk>/edit/", views.law_edit, name="law_edit"),
    path("laws/<int:pk>/articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    # an agency's lists
    path("a/<int:agency_pk>/<str:kind>/", list_views.list_detail, name="list"),
    path("a/<int:agency_pk>/<str:kind>/new/", list_views.entry_edit, name="entry_new"),
    path("a/<int:agency_pk>/<str:kind>/<int:pk>/edit/", list_views.entry_edit, name="entry_edit"),
    path("a/<int:agency_pk>/<str:kind>/<int:pk>/delete/", list_views.entry_delete, name="entry_delete"),
    path("a/<int:agency_pk>/<str:kind>/submit/", list_views.list_submit, name="submit"),
    path("a/<int:agency_pk>/<str:kind>/return/", list_views.list_return, name="return"),
    path("a/<int:agency_pk>/<str:kind>/publish/", list_views.list_publish, name="publish"),
    path("a/<int:agency_pk>/<str:kind>/versions/", list_views.version_list, name="versions"),
    path("a/<int:agency_pk>/<str:kind>/diff/", list_views.version_diff, name="diff"),
    path("a/<int:agency_pk>/<str:kind>/import/", import_views.list_import, name="import"),
    path("a/<int:agency_pk>/<str:kind>/template.xlsx", import_views.list_template, name="template"),
    path("a/<int:agency_pk>/<str:kind>/export.xlsx", import_views.list_export, name="export"),
    path("a/<int:agency_pk>/review/setting/", list_views.review_setting, name="review_setting"),
    path("a/<int:agency_pk>/item/<int:pk>/", list_views.item_detail, name="item"),
    path("a/<int:agency_pk>/item/<int:pk>/guide/", text_views.guide_draft, name="guide_draft"),
    path("a/<int:agency_pk>/item/<int:item_pk>/levels/new/", list_views.level_edit, name="level_new"),
    path("a/<int:agency_pk>/item/<int:item_pk>/levels/<int:pk>/", list_views.level_edit, name="level_edit"),
    path("a/<int:agency_pk>/item/<int:item_pk>/levels/<int:pk>/delete/", list_views.level_delete,
         name="level_delete"),
    path("v/<int:pk>/", list_views.version_detail, name="version"),
    # texts and the discretion lookup
    path("texts/", text_views.texts, name="texts"),
    path("texts/documents/<str:code>/", text_views.document_sample, name="document_sample"),
    path("texts/documents/<str:code>.docx", text_views.document_sample_docx, name="document_sample_docx"),
    path("flow/<str:code>.svg", text_views.flow_svg, name="flow_svg"),
    path("discretion/", text_views.discretion_lookup, name="discretion"),
    # The public pages moved into the portal (zhifa.publicity); old links and bookmarks are sent on for good.
    path("public/", RedirectView.as_view(pattern_name="portal:agencies", permanent=True), name="public_index"),
    path("public/<int:agency_pk>/", RedirectView.as_view(pattern_name="portal:agency", permanent=True),
         name="public_agency"),
    path("public/<int:agency_pk>/items/<str:code>/guide/",
         RedirectView.as_view(pattern_name="portal:guide", permanent=True), name="public_guide"),
    path("public/<int:agency_pk>/<str:kind>/", RedirectView.as_view(pattern_name="portal:list", permanent=True),
         name="public_list"),
    path("public/<int:agency_pk>/<str:kind>/v<int:number>/",
         RedirectView.as_view(pattern_name="portal:version", permanent=True), name="public_version"),
]
