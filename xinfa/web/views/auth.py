"""Sign-in and the lockout page django-axes shows after repeated failures."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xinfa.web.forms import LoginForm

LOCKED_OUT_STATUS = 429


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """Answer a locked-out sign-in with the sign-in page and a message (AXES_LOCKOUT_CALLABLE).

    Args:
        request: the sign-in request axes refused.
        credentials: what was submitted; only the username is echoed back.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cooloff_hours = float(getattr(settings, "AXES_COOLOFF_TIME", 0) or 0)
    context = {
        "form": LoginForm(request, initial={"username": username}),
        "locked_out": True,
        "cooloff_minutes": round(cooloff_hours * 60),
    }
    return render(request, "web/login.html", context, status=LOCKED_OUT_STATUS)
