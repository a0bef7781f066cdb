"""The public portal (no login), under /portal/: it reads publication snapshots and published catalog pages."""
from django.urls import path

from zhifa.publicity import correction_views, open_data_views, portal_officer_views, portal_views, publication_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.home, name="home"),
    # before action (PUB-01, PUB-02): the agencies, their lists in force and their versions, the four texts
    path("agencies/", portal_views.agencies, name="agencies"),
    path("agencies/<int:agency_pk>/", portal_views.agency, name="agency"),
    path("agencies/<int:agency_pk>/officers/", portal_officer_views.officers, name="officers"),
    # A guide's own last segment: an item code is free text, so "items/<code>/" would also match "items/v1/".
    path("agencies/<int:agency_pk>/items/<str:code>/guide/", portal_views.guide, name="guide"),
    path("agencies/<int:agency_pk>/<str:kind>/", portal_views.agency_list, name="list"),
    path("agencies/<int:agency_pk>/<str:kind>/v<int:number>/", portal_views.agency_list, name="version"),
    path("texts/", portal_views.texts, name="texts"),
    path("texts/documents/<str:code>/", portal_views.document_sample, name="document_sample"),
    # during action (PUB-03): the 岗位信息公示牌 of a unit, a credential's live check and its printable card
    path("units/<int:unit_pk>/board/", portal_officer_views.board, name="board"),
    path("credentials/<str:token>/", portal_officer_views.credential, name="credential"),
    path("credentials/<str:token>/card/", portal_officer_views.card, name="card"),
    # publications (publicity.publication_views): the portal's search and a page per publication
    path("publications/", publication_views.search, name="search"),
    path("publications/<int:pk>/", publication_views.publication, name="publication"),
    # what is public now, for machines (publicity.open_data): the Atom feed and the open-data downloads
    path("publications/feed/", open_data_views.feed, name="feed"),
    path("publications/open-data.csv", open_data_views.download, {"fmt": "csv"}, name="open_data_csv"),
    path("publications/open-data.json", open_data_views.download, {"fmt": "json"}, name="open_data_json"),
    # corrections (PUB-07, publicity.correction_views): the application from a publication, followed by number
    path("publications/<int:pk>/correction/", correction_views.apply, name="correction"),
    path("corrections/track/", correction_views.track, name="track"),
]
