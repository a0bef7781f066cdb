"""Pages for agencies, officers, credentials and reviewers. Thin: parse, call one action, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    return render(request, "agencies/home.html", {})
