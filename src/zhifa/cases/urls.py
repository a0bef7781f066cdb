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

from zhifa.cases import simple_views  # noqa: E402  (简易程序: the on-the-spot workspace)

urlpatterns += [
    path("onsite/new/", simple_views.simple_start, name="simple_start"),
    path("<int:pk>/onsite/", simple_views.simple_workspace, name="simple"),
    path("<int:pk>/onsite/credential/", simple_views.simple_credential, name="simple_credential"),
    path("<int:pk>/onsite/tell/", simple_views.simple_tell, name="simple_tell"),
    path("<int:pk>/onsite/decision/", simple_views.simple_decide, name="simple_decide"),
    path("<int:pk>/onsite/hand-over/", simple_views.simple_hand_over, name="simple_hand_over"),
    path("<int:pk>/onsite/payment/", simple_views.simple_payment, name="simple_payment"),
    path("<int:pk>/onsite/filing/", simple_views.simple_file, name="simple_file"),
    path("<int:pk>/onsite/no-av/", simple_views.simple_no_av, name="simple_no_av"),
    path("<int:pk>/onsite/move/", simple_views.simple_move, name="simple_move"),
    path("<int:pk>/onsite/evidence/", simple_views.simple_link, name="simple_link"),
]
