from django.contrib.auth import views as auth_views
from django.urls import path

from zhifa.agencies import auth_views as zhifa_auth
from zhifa.agencies import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", zhifa_auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
