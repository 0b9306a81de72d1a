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
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
