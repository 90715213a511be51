"""Test settings: the same real PostgreSQL and Redis as dev, but a separate database
(pytest-django's ``test_<name>``) and separate Redis databases so a running ``make run`` and a
test run never see each other's cache or Celery queue.
"""

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL, env

DEBUG = False


def _redis_db(url: str, db: int) -> str:
    base = url.rsplit("/", 1)[0] if url.count("/") >= 3 else url
    return f"{base}/{db}"


# Parallel test runs (several developers or agents on one machine) each pick their own
# database and Redis databases: KINERJA_TEST_DB=test_kinerja_x KINERJA_TEST_REDIS_DB=11.
DATABASES["default"]["TEST"] = {"NAME": env.str("KINERJA_TEST_DB", default="test_kinerja")}  # noqa: F405
_redis_db_index = env.int("KINERJA_TEST_REDIS_DB", default=9)
TEST_REDIS_URL = env.str("TEST_REDIS_URL", default=_redis_db(REDIS_URL, _redis_db_index))
CACHES["default"]["LOCATION"] = TEST_REDIS_URL
CELERY_BROKER_URL = _redis_db(TEST_REDIS_URL, _redis_db_index + 1)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
REDIS_URL = TEST_REDIS_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("KINERJA_TEST_MEDIA_ROOT", default=str(VAR_DIR / "test-media"))  # noqa: F405
KINERJA_PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"  # noqa: F405
BACKUP_DIR = VAR_DIR / "test-backups"  # noqa: F405
WHITENOISE_AUTOREFRESH = True

# The HTTP server that the browser tests start (tests/e2e/conftest.py) must serve the database
# pytest-django created, not the dev database that DATABASE_URL names.
if _e2e_db_name := env.str("KINERJA_E2E_DB_NAME", default=""):
    DATABASES["default"]["NAME"] = _e2e_db_name  # noqa: F405
