"""Behind the proxy: ``X-Forwarded-Proto`` and ``X-Forwarded-For`` are believed only from the proxies named in
``TRUSTED_PROXIES`` (addresses or networks; the same list is gunicorn's ``forwarded_allow_ips``). Anyone else could
write them: a forged ``X-Forwarded-For`` would put any address in the access log and dodge the login throttle, a
forged ``X-Forwarded-Proto`` would make a plain-HTTP request look secure.

No Django here except in ``client_ip`` and the middleware: gunicorn's access log (``server.RedactingLogger``) uses
``client_address`` too."""

import ipaddress
import os
from functools import lru_cache

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                     "HTTP_X_FORWARDED_PORT", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


@lru_cache(maxsize=8)
def networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in trusted if item.strip())


def _address(text):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def is_trusted(address: str | None, trusted: tuple[str, ...]) -> bool:
    ip = _address(address)
    return ip is not None and any(ip in network for network in networks(trusted))


def client_address(remote_addr: str | None, forwarded_for: str | None, trusted: tuple[str, ...]) -> str | None:
    """The client's address: the peer's own, unless the peer is a trusted proxy; then the nearest address in
    ``X-Forwarded-For`` that is not a trusted proxy (the ones further left were written by the client itself)."""
    if not forwarded_for or not is_trusted(remote_addr, trusted):
        return remote_addr or None
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _address(hop) is None:
            break  # garbage: stop believing the header here
        if not is_trusted(hop, trusted):
            return str(_address(hop))
    return remote_addr or None


def trusted_proxies_from_environment() -> tuple[str, ...]:
    return tuple(item for item in os.environ.get("TRUSTED_PROXIES", "").split(",") if item.strip())


def client_ip(request) -> str | None:
    """The client's address of a Django request (the access log, the login throttle: ``AXES_CLIENT_IP_CALLABLE``)."""
    if request is None:
        return None
    from django.conf import settings

    meta = request.META
    return client_address(meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR"), tuple(settings.TRUSTED_PROXIES))


class TrustedProxyMiddleware:
    """First in the chain: a request that did not come through a trusted proxy loses its forwarded headers, so that
    nothing after (``SECURE_PROXY_SSL_HEADER``, the host, the client address) believes them."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.trusted = tuple(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        if not is_trusted(request.META.get("REMOTE_ADDR"), self.trusted):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
