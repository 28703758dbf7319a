"""Sign-in: Django's login page; django-axes throttles it and every other login form (the admin's too).

Failures are counted in the database (shared by every worker process) per pair of user name and address:
after AXES_FAILURE_LIMIT wrong passwords that pair is refused for AXES_COOLOFF_TIME, while the owner, from
their own address, still signs in. The two callables below are named in settings.py.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginView(auth_views.LoginView):
    """Django's sign-in page in ntm's look."""

    template_name = "web/login.html"
    redirect_authenticated_user = True


def client_address(request: HttpRequest) -> str:
    """The address a failure is counted against: behind the proxy, the one the proxy saw (the last it appended)."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """429 with the sign-in page and the reason, for ntm's login and the admin's alike."""
    # Bound without a password: shows the name typed, and Django's form does not try to sign in again.
    form = AuthenticationForm(request, data={"username": (credentials or {}).get("username", ""), "password": ""})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(None, _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.")
                   % {"minutes": minutes})
    return render(request, "web/login.html", {"form": form, "next": request.POST.get("next", "")}, status=429)
