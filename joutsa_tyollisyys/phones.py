"""Phone numbers, parsed with ``phonenumbers`` (Google's libphonenumber): Finland is the default region, so
"040 123 4567" and "+358 40 123 4567" are the same number. The client form stores a number in the international
format; a text message goes to the E.164 form of a mobile number."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "FI"
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse(number: str) -> phonenumbers.PhoneNumber:
    """The number, or ValidationError (a Finnish message) when it is not a phone number."""
    text = (number or "").strip()
    if not text:
        raise ValidationError(_("Give a phone number."), code="required")
    try:
        parsed = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("“%(number)s” is not a valid phone number. Write it as 040 123 4567 or +358 40 123 4567.")
            % {"number": text[:40]}, code="invalid_phone")
    return parsed


def normalized(number: str) -> str:
    """A valid number in one form for storing: "+358 40 1234567" ("" stays "")."""
    if not (number or "").strip():
        return ""
    return phonenumbers.format_number(parse(number), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mobile_e164(number: str) -> str:
    """A mobile number in E.164 ("+358401234567") for a text message, or ValidationError."""
    parsed = parse(number)
    if phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
        raise ValidationError(
            _("%(number)s is not a mobile number: a text message cannot be sent to it.")
            % {"number": (number or "").strip()[:40]}, code="not_mobile")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(number: str) -> bool:
    try:
        mobile_e164(number)
    except ValidationError:
        return False
    return True
