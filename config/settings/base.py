"""Settings shared by every environment. Everything that differs between machines comes from
environment variables (django-environ); the embedded PostgreSQL/Redis are only the defaults.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("KINERJA_VAR_DIR", default=str(BASE_DIR / "var")))

# Embedded services listen on these loopback ports when DATABASE_URL / REDIS_URL are not given
# (see config/embedded.py, which starts them).
EMBEDDED_PG_PORT = env.int("KINERJA_PG_PORT", default=54329)
EMBEDDED_REDIS_PORT = env.int("KINERJA_REDIS_PORT", default=63790)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# django-tenants resolves every request's host against the Domain table, which is the real
# allow-list: an unknown host gets a 404 from the tenant middleware, never a page.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])
CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", default=["http://localhost:8000", "http://*.localhost:8000"]
)

# --- Apps ---------------------------------------------------------------------------------
# One home per app (docs/architecture.md): public-only, tenant-only, or both.
BOTH_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    # API tokens live in every schema (like users): a token of one OPD means nothing elsewhere.
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "wagtail.api.v2",
    "api",
    "kinerja",
    "kinerja.pages",
    "kinerja.laporan",
]

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "kinerja.daerah",
    "kinerja.rollup",
    "kinerja.pengawasan",
    *BOTH_APPS,
]

TENANT_APPS = [*BOTH_APPS, "kinerja.opd"]

INSTALLED_APPS = list(dict.fromkeys([*SHARED_APPS, *TENANT_APPS]))

TENANT_MODEL = "tenants.Opd"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New OPDs are cloned from this schema (stack.md: ~1 s instead of ~8 s of migrations).
# It has no domain and is never served; see tenants/services.py.
TENANT_BASE_SCHEMA = "opd_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
PUBLIC_DOMAIN = env.str("KINERJA_PUBLIC_DOMAIN", default="localhost")
# Domain suffix of the demo OPDs (seed_demo): <schema>.<suffix>.
OPD_DOMAIN_SUFFIX = env.str("KINERJA_OPD_DOMAIN_SUFFIX", default="localhost")

MIDDLEWARE = [
    # First: times the whole request (tenant resolution included) for the operations page.
    "kinerja.pengawasan.metrik.MetrikMiddleware",
    "django_tenants.middleware.main.TenantMainMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
# Unknown hosts must be a 404, not the public site (and never a 500).
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"postgres://postgres@127.0.0.1:{EMBEDDED_PG_PORT}/kinerja",
    )
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and results ----------------------------------------------
REDIS_URL = env.str("REDIS_URL", default=f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Every key carries the schema name: one OPD never reads another's cache (stack.md #3).
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": "kinerja",
        "TIMEOUT": 300,
    }
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Makassar"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Cache the tenant row a task switches to (tenant-schemas-celery) for a short while.
CELERY_TASK_TENANT_CACHE_SECONDS = 30
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Capaian rollup of every OPD into the public schema (kinerja/rollup): every N minutes, plus a
# nightly full run at 01:30 WITA (CELERY_TIMEZONE); verifying/returning/reopening also queues
# a rollup of just that OPD after commit.
KINERJA_ROLLUP_INTERVAL_MENIT = env.int("KINERJA_ROLLUP_INTERVAL_MENIT", default=15)
# A full run with several groups of OPDs reads, computes and writes them in three threads
# (kinerja/rollup/pipa.py); off: one group after the other in the calling thread.
KINERJA_ROLLUP_PIPA = env.bool("KINERJA_ROLLUP_PIPA", default=True)
KINERJA_CEK_KESEHATAN_MENIT = env.int("KINERJA_CEK_KESEHATAN_MENIT", default=1)
# Task modules not named tasks.py (autodiscovery finds only those).
CELERY_IMPORTS = ["kinerja.pengawasan.tasks_operasi"]
CELERY_BEAT_SCHEDULE = {
    # Records the size of every OPD schema for the operations page and
    # proves beat + worker are alive end to end.
    "opd-schema-stats-hourly": {
        "task": "tenants.tasks.opd_schema_stats_refresh",
        "schedule": crontab(minute=7),
    },
    # Reporting reminders (H-7/H-3/H-1, late notice, Bappeda's daily digest). Hourly and
    # idempotent: the Pengingat unique constraints make a second run send nothing.
    "pengingat-kirim-hourly": {
        "task": "kinerja.daerah.tasks.pengingat_kirim",
        "schedule": crontab(minute=17),
    },
    "rollup-capaian-berkala": {
        "task": "kinerja.rollup.tasks.rollup_semua",
        "schedule": timedelta(minutes=KINERJA_ROLLUP_INTERVAL_MENIT),
        "kwargs": {"pemicu": "beat"},
        # A run still queued when the next one is due is pointless: drop it.
        "options": {"expires": KINERJA_ROLLUP_INTERVAL_MENIT * 60},
    },
    "rollup-capaian-malam": {
        "task": "kinerja.rollup.tasks.rollup_semua",
        "schedule": crontab(hour=1, minute=30),
        "kwargs": {"pemicu": "nightly"},
    },
    # Compliance scores of every OPD (kinerja/pengawasan/kepatuhan.py), daily after the
    # nightly rollup; the rollup also rescores after each run.
    "kepatuhan-hitung-harian": {
        "task": "kinerja.pengawasan.tasks.kepatuhan_hitung",
        "schedule": crontab(hour=2, minute=15),
    },
    # Uptime seen by the health checks (operations page, monthly report). A check still queued
    # when the next is due is dropped, so a stalled worker shows up as missing checks.
    "cek-kesehatan-berkala": {
        "task": "kinerja.pengawasan.tasks_operasi.cek_kesehatan",
        "schedule": timedelta(minutes=KINERJA_CEK_KESEHATAN_MENIT),
        "options": {"expires": KINERJA_CEK_KESEHATAN_MENIT * 60 - 5},
    },
}

# --- Auth ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Sessions live in each schema's own table and the cookie is host-only (no
# SESSION_COOKIE_DOMAIN), so a session of one OPD is meaningless on another OPD's domain.
SESSION_COOKIE_NAME = "kinerja_sessionid"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "kinerja_csrftoken"

# --- i18n: Bahasa Indonesia by default, English available; WITA -------------------------
# "id-id", not "id": Wagtail ships its Indonesian catalogue as id_ID, and gettext falls back
# from id_ID to Django's own "id" catalogue, so both are found only with the regional code.
LANGUAGE_CODE = "id-id"
LANGUAGES = [("id-id", "Bahasa Indonesia"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("id-id", "Bahasa Indonesia")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id-id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
# Off: with it every year in a template would read "2.025". Numbers meant as amounts are
# formatted explicitly (kinerja.engine.format_angka, AngkaInput).
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Files land in var/media/<schema>/...; served only through the tenant-aware media view.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
# Bukti dukung (evidence files): private, per schema (<root>/<schema>/...), never under
# MEDIA_ROOT and never given a URL; see kinerja/storage.py.
KINERJA_PRIVATE_MEDIA_ROOT = Path(
    env.str("KINERJA_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
)
# Reporting workflow: days an OPD has to correct a returned or reopened realisasi even after
# the window's lock; whether the client IP for the audit trail may come from X-Forwarded-For
# (only behind a proxy that sets it, see deploy/nginx.conf).
KINERJA_HARI_KOREKSI = env.int("KINERJA_HARI_KOREKSI", default=7)
KINERJA_TRUST_X_FORWARDED_FOR = env.bool("KINERJA_TRUST_X_FORWARDED_FOR", default=False)
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Form bodies without their files (evidence and Excel uploads are files and not counted here):
# the largest is a triwulan grid of narratives. Larger bodies are refused with a 400. The JSON
# API has its own, smaller limit (KINERJA_API_MAKS_BITA, answered with a JSON 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

BACKUP_DIR = VAR_DIR / "backups"

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Kinerja Kalimantan Utara"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "doc", "xls", "png", "jpg", "jpeg"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar requests to gravatar.com: officials' e-mail hashes would leave the network, and
# admin pages must not depend on an outside service. Wagtail then shows its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_I18N_ENABLED = False
# Page moderation workflows are off: publishing rights come from the role groups
# (tenants/roles.py), and Wagtail's default "Moderators" group has no members.
WAGTAIL_WORKFLOW_ENABLED = False

# --- DRF ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: an unauthenticated request gets 401 with "WWW-Authenticate: Token". The
    # session stays for the browsable API (writes then need the CSRF token).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.autentikasi.TokenAutentikasi",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Halaman",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JsonTerbatas"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonimThrottle",
        "api.throttling.PenggunaThrottle",
    ],
    "EXCEPTION_HANDLER": "api.exceptions.penangan_galat",
    "NON_FIELD_ERRORS_KEY": "umum",
}
# API limits (api/throttling.py, api/parsers.py) and the cache of public API responses
# (api/cache.py). Rates are "<n>/<second|minute|hour|day>", counted per client IP (per user
# when signed in) and per domain.
KINERJA_API_THROTTLE = {
    "anon": env.str("KINERJA_API_RATE_ANON", default="300/minute"),
    "user": env.str("KINERJA_API_RATE_USER", default="1200/minute"),
    "login_gagal": env.str("KINERJA_API_RATE_LOGIN_GAGAL", default="10/minute"),
}
KINERJA_API_MAKS_BITA = env.int("KINERJA_API_MAKS_BITA", default=256 * 1024)
KINERJA_API_CACHE_DETIK = env.int("KINERJA_API_CACHE_DETIK", default=300)
# Only bench/api.py sets this: it adds the bare JSON view /api/bench/kosong/ it compares with.
KINERJA_BENCH = env.bool("KINERJA_BENCH", default=False)
SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja API",
    "DESCRIPTION": "API data kinerja Provinsi Kalimantan Utara dan Perangkat Daerah.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documents are public on every domain, even for a request with a stale token.
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.tambah_deskripsi_domain",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_api_paths"],
}

# --- Mail ---------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:pass@mail.kaltaraprov.go.id:587 (console in development).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kinerja@kaltaraprov.go.id")
# Base URL of an admin host in e-mails (reminders link to the OPD's own admin): {domain} is the
# OPD's primary domain (or KINERJA_PUBLIC_DOMAIN for Bappeda). Production: "https://{domain}".
KINERJA_ADMIN_BASE_URL_TEMPLATE = env.str(
    "KINERJA_ADMIN_BASE_URL_TEMPLATE",
    default=f"http://{{domain}}:{env.int('KINERJA_WEB_PORT', default=8000)}",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
