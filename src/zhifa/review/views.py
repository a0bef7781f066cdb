from django.http import HttpResponse


def queue(r): return HttpResponse()
def workspace(r, pk): return HttpResponse()
def act(r, pk, act): return HttpResponse()
def submit(r, pk): return HttpResponse()
