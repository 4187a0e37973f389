"""Server-rendered pages. Placeholder bodies are replaced by the web UI work."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xinfa.core.permissions import capability_required
from xinfa.core.roles import Capability


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/base.html")


@capability_required(Capability.CUSTOMER_VIEW)
def customer_search(request: HttpRequest) -> HttpResponse:
    return render(request, "web/base.html")


@capability_required(Capability.QUEUE_VIEW)
def queue_board(request: HttpRequest) -> HttpResponse:
    return render(request, "web/base.html")


@capability_required(Capability.SUPERVISOR_OVERVIEW)
def supervisor_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "web/base.html")
