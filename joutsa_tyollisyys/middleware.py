from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    """Finnish unless the user chose Swedish or English (the language cookie set by the switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a municipal system's users
    expect the organisation's language by default, whatever their browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored afterwards: nothing leaks to the next request
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response.headers.setdefault("Content-Language", language)
        return response


class SessionIdleMiddleware:
    """Idle timeout without writing the session on every request: an authenticated session is renewed
    (its expiry moved SESSION_COOKIE_AGE ahead) at most once a minute, so it ends 30 minutes after the
    last activity, give or take a minute. And an absolute lifetime: SESSION_MAX_SECONDS after the login (the
    session's first authenticated request) the session ends however active it is, so a stolen session cookie
    does not stay good for ever."""

    RENEW_AFTER_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("_started", now)
            if now - started > settings.SESSION_MAX_SECONDS:
                from django.contrib.auth import logout
                from django.contrib.auth.views import redirect_to_login

                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get("_seen", 0) > self.RENEW_AFTER_SECONDS:
                request.session["_seen"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """No page of ours is kept in a browser's or proxy's cache unless its view says otherwise.

    Every page, PDF and export that shows a client's personal data must answer ``Cache-Control:
    no-store`` (a shared office computer's back button or disk cache would show it to the next user).
    Static files never get here (WhiteNoise answers them first); a view that serves aggregates only
    (the report's charts) sets its own ``private, max-age``, which is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
