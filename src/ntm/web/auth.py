"""Sign-in with attempts throttled per user name and per address (no library needed for 30 lines)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

MAX_PER_USER = 5
MAX_PER_ADDRESS = 30  # a commune office shares one address: it must not lock everyone out for one user
WINDOW_SECONDS = 15 * 60


def _keys(request: HttpRequest) -> list[tuple[str, int]]:
    username = (request.POST.get("username") or "").strip().lower()
    address = request.META.get("REMOTE_ADDR", "")
    return [(f"login-fail:user:{username}", MAX_PER_USER), (f"login-fail:addr:{address}", MAX_PER_ADDRESS)]


def is_throttled(request: HttpRequest) -> bool:
    """True after too many failures for this user name, or from this address, within the window."""
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(request))


def note_failure(request: HttpRequest) -> None:
    for key, _ in _keys(request):
        cache.add(key, 0, WINDOW_SECONDS)
        cache.incr(key)


class LoginView(auth_views.LoginView):
    """Django's sign-in page, refusing further attempts after repeated failures."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_throttled(request):
            form = self.get_form()
            form.add_error(None, "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        note_failure(self.request)
        return super().form_invalid(form)
