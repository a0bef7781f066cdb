from django.contrib.auth import views as auth_views
from django.urls import path

from zhifa.agencies import account_views, import_views, views
from zhifa.agencies import auth_views as zhifa_auth

urlpatterns = [
    path("login/", zhifa_auth.LoginView.as_view(), name="login"),
    path("login/code/", zhifa_auth.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", zhifa_auth.account_security, name="account_security"),
    path("security/enroll/", zhifa_auth.otp_enroll, name="otp_enroll"),
    path("security/remove/", zhifa_auth.otp_remove, name="otp_remove"),
    path("security/reset/", zhifa_auth.otp_reset, name="otp_reset"),
    path("security/password/", zhifa_auth.password_change, name="password_change"),
    path("accounts/", account_views.account_list, name="account_list"),
    path("accounts/<int:pk>/", account_views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/lock/", account_views.account_lock, name="account_lock"),
    path("accounts/<int:pk>/unlock/", account_views.account_unlock, name="account_unlock"),
    path("accounts/<int:pk>/close/", account_views.account_close, name="account_close"),
    path("accounts/<int:pk>/reset-password/", account_views.account_reset_password, name="account_reset_password"),
    path("accounts/<int:pk>/reset-2fa/", account_views.account_reset_two_factor, name="account_reset_two_factor"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/supervision/", views.agency_supervision, name="agency_supervision"),
    path("agencies/<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("agencies/<int:pk>/roles/<int:grant_pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_create, name="officer_create"),
    path("officers/import/", import_views.officer_import, name="officer_import"),
    path("officers/import/template.xlsx", import_views.officer_import_template, name="officer_import_template"),
    path("imports/<int:pk>/", import_views.import_status, name="import_status"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/edit/", views.officer_edit, name="officer_edit"),
    path("officers/<int:pk>/account/", views.officer_account, name="officer_account"),
    path("officers/<int:pk>/credentials/new/", views.credential_create, name="credential_create"),
    path("credentials/<int:pk>/state/", views.credential_state, name="credential_state"),
    path("reviewers/", views.reviewer_list, name="reviewer_list"),
    path("reviewers/new/", views.reviewer_create, name="reviewer_create"),
]
