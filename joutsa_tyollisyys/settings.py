"""Settings for Työllisyydenhoito.

Everything comes from the environment (django-environ). Without any variables the app runs on the
*embedded default*: SQLite, Celery tasks run eagerly in-process, e-mail to the console. With
``DJANGO_ENV=production`` it refuses to start without a secret key, allowed hosts and encryption keys.
The README lists every variable with its default.
"""

from datetime import timedelta
from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
_DEV_FIELD_KEY = "dev-only-field-encryption-salt"
_DEV_HASH_KEY = "dev-only-national-id-hash-key"
_DEV_ACCESS_LOG_KEY = "dev-only-access-log-hmac-key"

SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
# The previous secret keys, comma-separated: to rotate SECRET_KEY, put the old one here. Sessions and signed
# values made with them stay valid, and the national ids encrypted at rest with them stay readable (the
# field-encryption keys are derived from every key here with every salt below; the new SECRET_KEY encrypts).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The TLS-terminating proxy's addresses or networks (``proxy.py``): only from them are X-Forwarded-Proto and
# X-Forwarded-For believed (gunicorn.conf.py gives the same list to gunicorn's forwarded_allow_ips). Empty: none.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Encryption at rest of national ids (django-fernet-encrypted-fields derives Fernet keys from SECRET_KEY and
# SECRET_KEY_FALLBACKS with these salts; SECRET_KEY with the first salt encrypts, all the pairs decrypt: list a new
# salt first to rotate the salt, move the old SECRET_KEY to SECRET_KEY_FALLBACKS to rotate the key).
SALT_KEY = env.list("FIELD_ENCRYPTION_KEYS", default=[] if PRODUCTION else [_DEV_FIELD_KEY])
# Keyed hash (HMAC-SHA256) for exact national-id lookups.
NATIONAL_ID_HASH_KEY = env.str("NATIONAL_ID_HASH_KEY", default="" if PRODUCTION else _DEV_HASH_KEY)
# The access log's chain is keyed with this (HMAC-SHA256, ``access_log_chain``): kept out of the database, so that
# whoever can write the table cannot rebuild the chain after removing a row. Do not change it: the rows written
# with it would no longer verify.
ACCESS_LOG_HMAC_KEY = env.str("ACCESS_LOG_HMAC_KEY", default="" if PRODUCTION else _DEV_ACCESS_LOG_KEY)
# The signed checkpoints of the log's head: a directory outside the database (a volume of its own in production).
ACCESS_LOG_CHECKPOINT_DIR = Path(env.str("ACCESS_LOG_CHECKPOINT_DIR", default=str(BASE_DIR / "var" / "access-log")))

if PRODUCTION:
    _missing = [
        name
        for name, value in (
            ("SECRET_KEY", SECRET_KEY),
            ("ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("FIELD_ENCRYPTION_KEYS", SALT_KEY),
            ("NATIONAL_ID_HASH_KEY", NATIONAL_ID_HASH_KEY),
            ("ACCESS_LOG_HMAC_KEY", ACCESS_LOG_HMAC_KEY),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs these environment variables: " + ", ".join(_missing)
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")

INSTALLED_APPS = [
    # Our apps first: their translations and templates take precedence over the libraries'.
    # In dependency order (an app imports only the ones above it).
    "joutsa_tyollisyys.apps.CoreConfig",
    "clients",
    "activation",
    "rehab_work",
    "obligation_employment",
    "payment_share",
    "health_cooperation",
    "workshop",
    "messaging",
    "outreach",
    "reporting",
    # Django and libraries.
    "joutsa_tyollisyys.admin_site.AdminConfig",  # django.contrib.admin with a cached app list (issue 24)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "rules",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "joutsa_tyollisyys.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "joutsa_tyollisyys.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "joutsa_tyollisyys.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "joutsa_tyollisyys.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "joutsa_tyollisyys.two_factor.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "joutsa_tyollisyys.sso.CSPMiddleware",  # django-csp's, with the provider in form-action
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "joutsa_tyollisyys.urls"
WSGI_APPLICATION = "joutsa_tyollisyys.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joutsa_tyollisyys.context_processors.navigation",
            ],
            "builtins": ["joutsa_tyollisyys.templatetags.fmt", "joutsa_tyollisyys.templatetags.actions"],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A persistent connection that the database (or a restart of it, or a firewall) dropped is noticed at the start of
# the next request and opened again, instead of failing that request with a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    # PostgreSQL's JIT compiles any query estimated above jit_above_cost: 20–40 ms of compiling for a page's
    # aggregate that runs in less. A web application's queries never repay it (the common OLTP advice).
    # Nor parallel workers: a page's query started two more processes on a 2-core machine serving other users,
    # and the planner took a parallel walk of all clients by name (38 ms) over the partial index that reads the
    # 900 it needs (4.6 ms; the payment-share review's "no responsible worker"). The monthly report's aggregates
    # get both back (``database.analytic_queries``).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c max_parallel_workers_per_gather=0")

# The cache: drawn report charts and the payment-share review's figures. The embedded default is one per
# process; production shares one between the web processes (CACHE_URL=redis://redis:6379/1 in docker-compose),
# so that a change made through one process clears what the others would show.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "joutsa_tyollisyys.auth.LoginThrottleBackend",  # django-axes, plus a limit per address across user names
    "rules.permissions.ObjectPermissionBackend",
    "joutsa_tyollisyys.auth.ModelBackend",
    "joutsa_tyollisyys.sso.SsoBackend",  # answers only the SSO callback, and only when SSO is configured
]
# Argon2id (Django's recommended hasher): stronger against GPUs than PBKDF2 and half its CPU time per login;
# PBKDF2 hashes made before are still accepted and upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: 5 failures lock the username from that address for 15 minutes, and 20 failures from one address
# (whatever user names: password spraying) lock the address for as long. The address is the client's behind a
# trusted proxy (proxy.py).
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
AXES_CLIENT_IP_CALLABLE = "joutsa_tyollisyys.proxy.client_ip"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# Two-factor sign-in (TOTP app + recovery codes) for every role that sees personal data, when signing in locally.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Työllisyydenhoito")
OTP_TOTP_THROTTLE_FACTOR = 2  # a wrong code waits 2, 4, 8 … seconds before the next try (django-otp)
OTP_STATIC_THROTTLE_FACTOR = 2

# Single sign-on over OpenID Connect (mozilla-django-oidc, ``sso.py``): on when OIDC_OP_ISSUER and OIDC_RP_CLIENT_ID
# are set (the embedded default has none: no SSO button). The endpoints come from the issuer's discovery document
# unless given; only ID tokens of that issuer and for this client are accepted. Roles come from the group claim
# through Administration → Groups of the single sign-on. The provider does the second factor of these sign-ins.
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")  # empty: discovery's end_session_endpoint
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the sign-out at the provider
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# Local sign-in with a password: may be switched off when everyone signs in through SSO. The break-glass account
# (a local administrator, with its authenticator) may then still sign in with its password; each use is logged in
# the access log and told to the other administrators.
LOCAL_LOGIN_ENABLED = env.bool("LOCAL_LOGIN_ENABLED", default=True)
BREAK_GLASS_USERNAME = env.str("BREAK_GLASS_USERNAME", default="")
# Whom a person signed in through SSO without any mapped group is told to ask (empty: the municipality's
# administrator of this system).
SSO_HELP_CONTACT = env.str("SSO_HELP_CONTACT", default="")
if PRODUCTION and not LOCAL_LOGIN_ENABLED and not (OIDC_OP_ISSUER and OIDC_RP_CLIENT_ID):
    raise ImproperlyConfigured("LOCAL_LOGIN_ENABLED=False needs single sign-on (OIDC_OP_ISSUER, OIDC_RP_CLIENT_ID).")
if PRODUCTION and OIDC_RP_CLIENT_ID and not OIDC_RP_CLIENT_SECRET:
    raise ImproperlyConfigured("Single sign-on needs OIDC_RP_CLIENT_SECRET.")

# Sessions end after 30 minutes without activity, and 10 hours after the login whatever the activity.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_MAX_SECONDS = env.int("SESSION_MAX_SECONDS", default=10 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # renewed by SessionIdleMiddleware at most once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Helsinki")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["joutsa_tyollisyys.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: with no REDIS_URL, tasks run eagerly in-process (the embedded default).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# The web side fails fast when Redis is down (one connection attempt of at most 3 s; ``tasks_util.enqueue`` does not
# wait for results), and the user is told at once. A worker waits for Redis as long as it takes: it keeps trying
# to reconnect (no limit), from its start too, so a Redis restart or a late Redis does not end it.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 3}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tyollisyys@joutsa.example")

# Text messages (the messaging app), configured like e-mail: SMS_URL set means the HTTP gateway backend (a JSON POST
# with SMS_TOKEN as the bearer token); without it the embedded default prints every message to the console. Any
# backend by its dotted path in SMS_BACKEND (messaging.backends.locmem.SmsBackend in tests, .filebased with
# SMS_FILE_PATH). The gateway reports delivery to /tekstiviestit/tila/ with SMS_STATUS_TOKEN.
SMS_URL = env.str("SMS_URL", default="")
SMS_TOKEN = env.str("SMS_TOKEN", default="")
SMS_BACKEND = env.str(
    "SMS_BACKEND",
    default="messaging.backends.http.SmsBackend" if SMS_URL else "messaging.backends.console.SmsBackend",
)
SMS_SENDER = env.str("SMS_SENDER", default="Joutsa")
SMS_TIMEOUT = env.float("SMS_TIMEOUT", default=10.0)
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms"))
SMS_STATUS_TOKEN = env.str("SMS_STATUS_TOKEN", default="")
SMS_MAX_PARTS = env.int("SMS_MAX_PARTS", default=6)  # a longer text is refused (6 parts: 918 / 402 characters)
SMS_RETRY_DELAY = env.int("SMS_RETRY_DELAY", default=60)  # seconds before the first retry; doubles each time
SMS_MAX_RETRIES = env.int("SMS_MAX_RETRIES", default=5)

# The organisation (letterheads, PDFs, the page header). The 2023 reform moved the social-services
# side to the wellbeing services county: its name is a setting, not code.
MUNICIPALITY_NAME = env.str("MUNICIPALITY_NAME", default="Joutsan kunta")
SERVICE_UNIT_NAME = env.str("SERVICE_UNIT_NAME", default="Työllisyyspalvelut / TyöVarikko")
MUNICIPALITY_ADDRESS = env.str("MUNICIPALITY_ADDRESS", default="Länsitie 5, 19650 Joutsa")
MUNICIPALITY_PHONE = env.str("MUNICIPALITY_PHONE", default="014 000 000")
SOCIAL_SERVICES_ORGANISER = env.str(
    "SOCIAL_SERVICES_ORGANISER", default="Keski-Suomen hyvinvointialue"
)

# Security headers. No inline scripts anywhere: every script is a static file.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_national_ids": {"()": "joutsa_tyollisyys.logging.RedactNationalIds"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_national_ids"]},
        # The development server's request lines (Django's own handler, with the redaction): no national ids, search
        # words or calendar tokens. gunicorn's access log does the same (gunicorn.conf.py: logger_class).
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["redact_national_ids"]},
    },
    "loggers": {
        # Django's own default handlers for "django" printed its errors (e.g. "Internal Server Error: <path>")
        # unredacted in development: its records go to the root's redacting handler instead.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # The access log's signed checkpoints: a copy outside the database, whatever LOG_LEVEL says.
        "joutsa_tyollisyys.access_log.checkpoint": {"level": "INFO"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# How many rows a list page shows.
PAGE_SIZE = 25
