"""The Finnish personal identity code (henkilötunnus), docs/domain.md § 6.2.

DDMMYY + century sign + NNN + check character. Century signs: ``+`` 1800s; ``-`` ``Y`` ``X`` ``W``
``V`` ``U`` 1900s; ``A``–``F`` 2000s (the extra signs since 1.1.2023). NNN 002–899 (odd men, even
women); 900–999 are temporary codes. Check character: the nine digits mod 31 indexed into
``0123456789ABCDEFHJKLMNPRSTUVWXY``.

Also: the keyed hash used for exact lookups (the code itself is stored only encrypted) and masking.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from joutsa_tyollisyys.dates import age_on

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {
    "+": 1800,
    "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
    "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000,
}
SHAPE = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$")


@dataclass(frozen=True)
class NationalId:
    code: str
    birth_date: date
    individual_number: int

    @property
    def is_temporary(self) -> bool:
        return self.individual_number >= 900

    @property
    def sex(self) -> str:
        return "male" if self.individual_number % 2 else "female"


def normalise(value: str) -> str:
    """Outer white space trimmed and upper case; a space inside the code stays (``parse`` refuses it: a
    code is typed as it is, and a repaired one might be another person's)."""
    return (value or "").strip().upper()


def looks_like_national_id(value: str) -> bool:
    return bool(SHAPE.match(normalise(value)))


def check_character(digits9: str) -> str:
    return CHECK_CHARACTERS[int(digits9) % 31]


def parse(value: str) -> NationalId:
    """Validate and parse; raise ValidationError with a Finnish sentence saying what is wrong."""
    code = normalise(value)
    if any(character.isspace() for character in code):
        raise ValidationError(
            _("The personal identity code has a space in it: type it without spaces, for example 131052-900W."),
            code="space",
        )
    match = SHAPE.match(code)
    if not match:
        raise ValidationError(
            _("A personal identity code has the form DDMMYYCNNNX, for example 131052-900W."),
            code="format",
        )
    dd, mm, yy, sign, nnn, check = match.groups()
    try:
        birth_date = date(CENTURIES[sign] + int(yy), int(mm), int(dd))
    except ValueError:
        raise ValidationError(
            _("The first six digits of the personal identity code are not a valid date."), code="date"
        ) from None
    number = int(nnn)
    if number < 2:
        raise ValidationError(
            _("The individual number of a personal identity code is between 002 and 999."), code="number"
        )
    if check_character(dd + mm + yy + nnn) != check:
        raise ValidationError(
            _("The check character of the personal identity code is wrong: check the code."), code="check"
        )
    return NationalId(code=code, birth_date=birth_date, individual_number=number)


MAX_AGE_YEARS = 110


def check_plausible_age(birth_date: date, today: date) -> None:
    """A new client's code must give a birth date that is not in the future and an age of at most 110."""
    if birth_date > today:
        raise ValidationError(
            _("The personal identity code gives a birth date in the future: check the code."), code="future"
        )
    if age_on(birth_date, today) > MAX_AGE_YEARS:
        raise ValidationError(
            _("The personal identity code gives an age over %(years)s years: check the code.")
            % {"years": MAX_AGE_YEARS},
            code="too_old",
        )


def one_character_variants(value: str) -> set[str]:
    """The valid codes that differ from ``value`` in one character of the date, the century sign or the
    individual number (their check character follows): where a typo of a client's code leads."""
    code = normalise(value)
    head = code[:10]
    variants = set()
    for i, char in enumerate(head):
        for other in ("0123456789" if char.isdigit() else "".join(CENTURIES)):
            if other == char:
                continue
            candidate = head[:i] + other + head[i + 1:]
            candidate += check_character(candidate[:6] + candidate[7:10])
            if is_valid(candidate):
                variants.add(candidate)
    return variants


def is_valid(value: str) -> bool:
    try:
        parse(value)
    except ValidationError:
        return False
    return True


def build(birth_date: date, individual_number: int, sign: str | None = None) -> str:
    """Make a valid code (demo data and tests use individual numbers 900–999 only)."""
    if sign is None:
        sign = {1800: "+", 1900: "-", 2000: "A"}[birth_date.year // 100 * 100]
    head = f"{birth_date:%d%m}{birth_date.year % 100:02d}"
    nnn = f"{individual_number:03d}"
    return f"{head}{sign}{nnn}{check_character(head + nnn)}"


def lookup_hash(value: str) -> str:
    """Keyed hash (HMAC-SHA256) of the normalised code: the only form in which ids are searched."""
    key = settings.NATIONAL_ID_HASH_KEY.encode()
    return hmac.new(key, normalise(value).encode(), hashlib.sha256).hexdigest()


def mask(value: str) -> str:
    """``131052-308T`` → ``131052-****`` (the date part only)."""
    code = normalise(value)
    return f"{code[:7]}****" if len(code) == 11 else "****"
