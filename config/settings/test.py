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


TEST_REDIS_URL = env.str("TEST_REDIS_URL", default=_redis_db(REDIS_URL, 9))
CACHES["default"]["LOCATION"] = TEST_REDIS_URL
CELERY_BROKER_URL = _redis_db(TEST_REDIS_URL, 10)
CELERY_RESULT_BACKEND = _redis_db(TEST_REDIS_URL, 10)
REDIS_URL = TEST_REDIS_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("KINERJA_TEST_MEDIA_ROOT", default=str(VAR_DIR / "test-media"))  # noqa: F405
BACKUP_DIR = VAR_DIR / "test-backups"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
