# Placeholder until the Excel import lands (being written now); replaced wholesale by that work.
from django.http import Http404


def officer_import(request):
    raise Http404


def officer_import_template(request):
    raise Http404
