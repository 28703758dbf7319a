"""Django settings: the only reader of the environment (every variable is in .env.example)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from ntm import secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """true/false only: anything else is a configuration error, not a silent default."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in ("true", "false"):
        raise ValueError(f"{name} must be 'true' or 'false', not {raw!r}")
    return raw.lower() == "true"


def env_secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list; empty items dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("NTM_DATA_DIR", PROJECT_DIR / "var"))
DEBUG = env_bool("NTM_DEBUG", False)
# A given key must be strong (unless DEBUG); without one, a generated key is kept in DATA_DIR/secret_key (0600).
SECRET_KEY = secret_key.resolve(env_secret("NTM_SECRET_KEY"), DATA_DIR / "secret_key", debug=DEBUG)
ALLOWED_HOSTS = [h for h in os.environ.get("NTM_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "ninja",  # its templates and static files: /api/docs loads Swagger UI from here, not from a CDN
    "ntm.common",
    "ntm.geo",
    "ntm.monitoring",
    "ntm.ingest",
    "ntm.planning",
    "ntm.finance",
    "ntm.recognition",
    "ntm.documents",
    "ntm.setstore",
    "ntm.api",
    "ntm.web",
    "django_tasks_db",  # the task queue's table: background jobs run by `ntm manage db_worker`
    "axes",  # sign-in throttle: failures counted in the database, shared by every worker
]

MIDDLEWARE = [
    "ntm.web.middleware.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ntm.web.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ntm.web.middleware.UploadSizeMiddleware",  # a body over the limit refused before anything reads it
    "ntm.web.middleware.RequestTimeoutMiddleware",  # under `ntm serve`: a request past its time ends its worker
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ntm.web.middleware.NtmErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused sign-in into the 429 page (web.auth.locked_out)
]

ROOT_URLCONF = "ntm.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "ntm.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ntm.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets pages read while an import writes. Write transactions take the write lock when they begin
    # (IMMEDIATE), so waiting for it obeys the busy timeout: a deferred one that read first cannot upgrade its
    # lock after another write and fails at once ("database is locked"). bench/storm.py measures it.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                                       "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Background jobs (a province's batch of documents) go through Django's Tasks framework into the database, so
# nothing beyond the database is needed; `ntm serve --with-worker` (what `make run` does) runs the worker beside
# the server. Tests run the same worker in-process (`db_worker --batch`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "vi"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Front-end packages come from npm (package.json), installed by `make setup` into node_modules.
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
                    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
                    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist")]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Sign-in throttle (django-axes) on every login form, the admin's included: 5 wrong passwords for one user name
# from one address lock that pair for 15 minutes; the owner, from another address, still signs in.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ntm.web.auth.client_address"
AXES_LOCKOUT_CALLABLE = "ntm.web.auth.locked_out"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Request bodies are refused by their declared size before anything spools them (web.middleware.UploadSizeMiddleware).
MAX_REQUEST_BYTES = 50 * 1024 * 1024        # a batch of reports, each at most 20 MB (ingest.readers.MAX_BYTES)
ANONYMOUS_MAX_REQUEST_BYTES = 1024 * 1024   # no session, no token: a sign-in form is a few hundred bytes
# Seconds a request may run before its gunicorn worker is ended (web.middleware.RequestTimeoutMiddleware);
# `ntm serve` sets it from --timeout; 0 (runserver, tests) watches nothing.
REQUEST_TIMEOUT = int(os.environ.get("NTM_REQUEST_TIMEOUT", "0"))
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

# HTTPS: off by default so `make run` works on http://127.0.0.1:8000; turn on for any real deployment.
HTTPS = env_bool("NTM_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("NTM_HSTS_SECONDS") or (31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("NTM_BEHIND_PROXY", False)
if BEHIND_PROXY:
    # Only behind a proxy that sets X-Forwarded-Proto itself (and strips the client's): else clients could lie.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("NTM_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy: scripts only from our own static files (no inline script, no inline handler: an
# injected <script> does not run). Inline styles stay allowed: templates use style="" for widths, htmx adds its
# indicator style, and a style cannot run code. data: images are Bootstrap's icons in its CSS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Errors with their tracebacks go to stderr (gunicorn's or runserver's console) and to DATA_DIR/ntm.log (one JSON
# object a line), each with the request id the response's X-Request-ID header shows.
DATA_DIR.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ntm.common.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] request=%(request_id)s %(message)s"},
        "json": {"()": "ntm.common.logs.JsonLines"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
        "file": {"class": "logging.handlers.WatchedFileHandler", "filename": DATA_DIR / "ntm.log",
                 "formatter": "json", "filters": ["request_id"], "delay": True},
    },
    "root": {"handlers": ["stderr", "file"], "level": "WARNING"},
    "loggers": {
        # Django's own handlers would print errors a second time (console) or try to mail them (no mail set up).
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        # 404s and other client errors are in the access log; only server errors (500) here.
        "django.request": {"level": "ERROR"},
    },
}

# E-mail (reminders of `ntm remind`): SMTP when NTM_SMTP_HOST is set; printed on the console under NTM_DEBUG;
# otherwise MAILERS stays undefined (no mailer: reminders stay in the app, and `check --deploy` has nothing to flag).
if os.environ.get("NTM_SMTP_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": os.environ["NTM_SMTP_HOST"], "port": int(os.environ.get("NTM_SMTP_PORT") or 587),
        "username": os.environ.get("NTM_SMTP_USER", ""), "password": env_secret("NTM_SMTP_PASSWORD", "") or "",
        "use_tls": env_bool("NTM_SMTP_TLS", True), "timeout": 20}}}
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("NTM_EMAIL_FROM", "ntm@localhost")
