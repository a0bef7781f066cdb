from django.urls import path

from zhifa.cases import dossier_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register, name="register"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/opinion/", views.case_opinion, name="opinion"),
    path("<int:pk>/move/", views.case_move, name="move"),
    path("<int:pk>/evidence/", views.case_link_evidence, name="link_evidence"),
    path("<int:pk>/notice/", views.case_notice, name="notice"),
    path("<int:pk>/service/", views.case_service, name="service"),
    path("<int:pk>/statement/", views.case_statement, name="statement"),
    path("<int:pk>/proposal/", views.case_propose, name="propose"),
    path("<int:pk>/decision/", views.case_decide, name="decide"),
    path("<int:pk>/payment/", views.case_payment, name="payment"),
    path("<int:pk>/no-av/", views.case_no_av, name="no_av"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_register, name="complaint_register"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/answer/", views.complaint_answer, name="complaint_answer"),
    path("<int:pk>/dossier/", dossier_views.dossier_page, name="dossier"),
    path("<int:pk>/dossier/pdf/", dossier_views.dossier_pdf, name="dossier_pdf"),
    path("<int:pk>/dossier/bag/", dossier_views.dossier_bag, name="dossier_bag"),
]
