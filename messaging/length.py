"""How many SMS parts a text takes: GSM 03.38 (160 characters, 153 per part when split; the extension characters
count twice) or, with any other character, UCS-2 (70, 67 per part). Finnish and Swedish letters ä ö å Ä Ö Å are
in the GSM alphabet."""

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")


def is_gsm(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def parts(text: str) -> int:
    """The number of SMS parts ``text`` is sent in (0 for an empty text)."""
    if not text:
        return 0
    if is_gsm(text):
        units, single, per_part = sum(2 if ch in GSM_EXTENSION else 1 for ch in text), 160, 153
    else:
        units, single, per_part = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text), 70, 67
    return 1 if units <= single else -(-units // per_part)
