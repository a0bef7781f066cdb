from django.urls import path

from zhifa.cases import execution_views, views

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
    # execution (行政处罚法 第66–73条; 行政强制法 第53、54条)
    path("<int:pk>/payment-plan/", execution_views.case_payment_plan, name="payment_plan"),
    path("<int:pk>/payment-plan/decision/", execution_views.case_payment_plan_decision, name="payment_plan_decision"),
    path("<int:pk>/instalment/", execution_views.case_instalment, name="instalment"),
    path("<int:pk>/remedy/", execution_views.case_remedy, name="remedy"),
    path("<int:pk>/remedy/end/", execution_views.case_remedy_end, name="remedy_end"),
    path("<int:pk>/rectification/", execution_views.case_rectification, name="rectification"),
    path("<int:pk>/rectification/recheck/", execution_views.case_recheck, name="recheck"),
    path("<int:pk>/urge/", execution_views.case_urge, name="urge"),
    path("<int:pk>/court/", execution_views.case_court, name="court"),
    path("<int:pk>/court/ruling/", execution_views.case_court_ruling, name="court_ruling"),
]
