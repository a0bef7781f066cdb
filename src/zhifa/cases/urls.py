from django.urls import path

from zhifa.cases import investigation_views, views

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
    path("<int:pk>/team/", investigation_views.case_team, name="team"),
    path("<int:pk>/recusal/", investigation_views.case_recusal, name="recusal"),
    path("<int:pk>/recusal/decide/", investigation_views.case_recusal_decide, name="recusal_decide"),
    path("<int:pk>/rights/", investigation_views.case_rights, name="rights"),
    path("<int:pk>/record/", investigation_views.case_record, name="record"),
    path("<int:pk>/preservation/", investigation_views.case_preservation, name="preservation"),
    path("<int:pk>/preservation/approve/", investigation_views.case_preservation_approve,
         name="preservation_approve"),
    path("<int:pk>/preservation/decide/", investigation_views.case_preservation_decide, name="preservation_decide"),
    path("<int:pk>/evidence-list/", investigation_views.case_evidence_list, name="evidence_list"),
]
