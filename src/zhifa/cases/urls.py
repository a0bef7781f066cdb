from django.urls import path

from zhifa.cases import hearing_views, views

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
    path("<int:pk>/hearing/schedule/", hearing_views.hearing_schedule, name="hearing_schedule"),
    path("<int:pk>/hearing/record/", hearing_views.hearing_record, name="hearing_record"),
    path("<int:pk>/hearing/unheld/", hearing_views.hearing_unheld, name="hearing_unheld"),
    path("<int:pk>/collective/", hearing_views.collective, name="collective"),
    path("<int:pk>/no-penalty/", hearing_views.no_penalty, name="no_penalty"),
    path("<int:pk>/transfer/", hearing_views.transfer, name="transfer"),
    path("<int:pk>/transfer/receipt/", hearing_views.transfer_receipt, name="transfer_receipt"),
    path("<int:pk>/deadline/extend/", hearing_views.extend_deadline, name="extend_deadline"),
]
