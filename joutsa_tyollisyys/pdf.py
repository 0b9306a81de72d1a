"""HTML → PDF with WeasyPrint: the shared plumbing for every printed form.

Templates extend ``pdf/base.html`` (letterhead from settings, page numbers "sivu 1/3").
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from joutsa_tyollisyys.spreadsheets import download


def letterhead() -> dict:
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "service_unit_name": settings.SERVICE_UNIT_NAME,
        "municipality_address": settings.MUNICIPALITY_ADDRESS,
        "municipality_phone": settings.MUNICIPALITY_PHONE,
        "social_services_organiser": settings.SOCIAL_SERVICES_ORGANISER,
        "printed_at": timezone.localtime(),
    }


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML  # imported lazily: heavy, and only PDF views need it

    html = render_to_string(template_name, {**letterhead(), **context}, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    return download(pdf, f"{slugify(filename) or 'document'}.pdf", "application/pdf", inline=inline)
