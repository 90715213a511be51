"""Cache of public API responses in Redis, per domain, with ETag / Last-Modified.

**Keys.** Every key goes through the cache's KEY_FUNCTION (``django_tenants.cache.make_key``),
which puts the schema of the request's domain in front: OPD A's cached answer can never be
read on OPD B's domain (tests/api/test_cache.py).

**Invalidation by generation.** Each schema has one number, ``api:generasi`` (the time of its
last invalidation, in microseconds). A cached answer is stored together with the generation it
was computed under and is served only while that is still the current one, so
:func:`invalidasi` makes every cached answer of a domain stale in one write, without looking
for keys. The number is read in the same round trip as the answer (MGET). It is bumped by:

- a change of workflow status in an OPD (``kinerja.opd.sinyal.status_berubah``, after commit),
  and any save or delete of the models the public answers are made of (``api/receivers.py``);
- the rollup, which must call ``invalidasi(get_public_schema_name())`` after it wrote rows
  (the public answers ``/api/v1/rekap/`` and ``/api/v1/ikd/`` read its tables).

Writes that send no signal (bulk imports) are caught up by the time limit of every entry,
``KINERJA_API_CACHE_DETIK``.

**Who is served from the cache.** Anonymous GET/HEAD requests answered as JSON: they all see
the same published data. Signed-in users (token or session) always get a fresh answer,
marked ``Cache-Control: private, no-store``.

**Conditional requests.** Cached answers carry ``ETag`` (a hash of the body) and
``Last-Modified`` (the generation's time); ``If-None-Match`` / ``If-Modified-Since`` that still
match get a 304 without a body. A Redis outage only turns caching off (logged).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    QueryDict,
)
from django.utils.http import http_date, parse_http_date_safe
from django_tenants.utils import schema_context
from rest_framework.request import Request
from rest_framework.response import Response

logger = logging.getLogger(__name__)

KUNCI_GENERASI = "api:generasi"
CACHE_CONTROL_PUBLIK = "public, no-cache"
CACHE_CONTROL_PRIBADI = "private, no-store"
VARY = ("Accept", "Authorization", "Cookie")


def _sekarang_us() -> int:
    return time.time_ns() // 1000


def invalidasi(schema: str) -> None:
    """Make every cached public API answer of ``schema``'s domain stale (one Redis write).
    Safe to call from any schema, inside or outside a request; never raises."""
    try:
        with schema_context(schema):
            cache.set(KUNCI_GENERASI, _sekarang_us(), timeout=None)
    except Exception:
        logger.warning("Cache API skema %s tidak dapat diinvalidasi", schema, exc_info=True)


def generasi() -> int:
    """The current generation of this schema (created on first use)."""
    gen = cache.get(KUNCI_GENERASI)
    if gen is None:
        cache.add(KUNCI_GENERASI, _sekarang_us(), timeout=None)
        gen = cache.get(KUNCI_GENERASI) or _sekarang_us()
    return int(gen)


def _baca(kunci: str) -> tuple[int, dict[str, Any] | None]:
    nilai = cache.get_many([KUNCI_GENERASI, kunci])
    gen = nilai.get(KUNCI_GENERASI)
    if gen is None:
        return generasi(), None
    entri = nilai.get(kunci)
    if isinstance(entri, dict) and entri.get("gen") == gen:
        return int(gen), entri
    return int(gen), None


def kunci_respons(path: str, query: QueryDict, parameter: Iterable[str], format_: str) -> str:
    """Key of one answer: path, the view's own query parameters (others are ignored, so
    random parameters cannot bypass the cache) and the response format."""
    bagian = [path, format_]
    for nama in sorted(set(parameter)):
        for nilai in query.getlist(nama):
            bagian.append(f"{nama}={nilai}")
    ringkas = hashlib.sha1("\x1f".join(bagian).encode(), usedforsecurity=False).hexdigest()
    return f"api:respons:{ringkas}"


def boleh_cache(request: Request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and request.auth is None
        and not (user is not None and user.is_authenticated)
        and getattr(request.accepted_renderer, "format", "") == "json"
    )


def _etag(isi: bytes) -> str:
    return '"' + hashlib.sha256(isi).hexdigest()[:32] + '"'


def _cocok_etag(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    calon = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in calon


def _tidak_berubah(request: Request, etag: str, detik: int) -> bool:
    inm = request.META.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        # RFC 9110: If-None-Match wins; If-Modified-Since is then ignored.
        return _cocok_etag(inm, etag)
    ims = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if ims:
        waktu = parse_http_date_safe(ims)
        return waktu is not None and detik <= waktu
    return False


def _jawab(request: Request | HttpRequest, entri: dict[str, Any], gen: int) -> HttpResponseBase:
    detik = gen // 1_000_000
    if _tidak_berubah(request, entri["etag"], detik):
        jawaban: HttpResponseBase = HttpResponseNotModified()
    else:
        jawaban = HttpResponse(entri["body"], content_type=entri["ctype"])
    jawaban["ETag"] = entri["etag"]
    jawaban["Last-Modified"] = http_date(detik)
    jawaban["Cache-Control"] = CACHE_CONTROL_PUBLIK
    jawaban["Vary"] = ", ".join(VARY)
    return jawaban


def _render(view: Any, request: Request, response: Response) -> bytes:
    response.accepted_renderer = request.accepted_renderer
    response.accepted_media_type = request.accepted_media_type
    response.renderer_context = view.get_renderer_context()
    response.render()
    return bytes(response.content)


def _terima_json(accept: str) -> bool:
    """The Accept header of a client that takes our JSON as is (no browsable API)."""
    accept = accept.strip()
    if not accept or accept == "*/*":
        return True
    return accept.split(",")[0].split(";")[0].strip() in ("application/json", "*/*")


def jalur_cepat(request: HttpRequest, parameter: Iterable[str]) -> HttpResponseBase | None:
    """The hit path of a plain anonymous JSON GET, before DRF: the anonymous rate counter and
    the cache read in ONE Redis round trip (INCRBY + EXPIRE + MGET). None when the request is
    not that simple, on a miss or on any error: the normal path (DRF) then answers, and
    knows the request was already counted."""
    from api.throttling import JendelaThrottle, host_permintaan, laju
    from kinerja.opd.realisasi import ip_klien

    if (
        request.method not in ("GET", "HEAD")
        or "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "format" in request.GET
        or not _terima_json(request.META.get("HTTP_ACCEPT", ""))
    ):
        return None
    try:
        kunci = kunci_respons(request.path, request.GET, parameter, "json")
        rate = laju("anon")
        kunci_gen, kunci_isi = cache.make_key(KUNCI_GENERASI), cache.make_key(kunci)
        klien = cache._cache.get_client(kunci_isi, write=True)  # type: ignore[attr-defined]
        pipa = klien.pipeline(transaction=False)
        if rate is not None:
            kunci_laju, durasi, sisa = JendelaThrottle.kunci(
                "anon", ip_klien(request) or "tanpa-ip", host_permintaan(request), rate[1]
            )
            pipa.incrby(kunci_laju, 1)
            pipa.expire(kunci_laju, durasi + 1)
        pipa.mget([kunci_gen, kunci_isi])
        hasil = pipa.execute()
        if rate is not None:
            # Counted: the normal path must not count this request again.
            request._api_laju_anon = (int(hasil[0]), sisa)  # type: ignore[attr-defined]
            if int(hasil[0]) > rate[0]:
                return None  # DRF's throttle answers the 429 with our JSON
        gen_mentah, isi_mentah = hasil[-1]
        if gen_mentah is None or isi_mentah is None:
            return None
        loads = cache._cache._serializer.loads  # type: ignore[attr-defined]
        gen, entri = int(loads(gen_mentah)), loads(isi_mentah)
    except Exception:
        logger.warning("Jalur cepat cache API gagal", exc_info=True)
        return None
    if not isinstance(entri, dict) or entri.get("gen") != gen:
        return None
    return _jawab(request, entri, gen)


class CachePublikMixin:
    """For API views whose anonymous answer is the same for everyone: wrap the handler's
    work in :meth:`respons_publik`. ``parameter_cache`` lists the query parameters the view
    reads. A plain anonymous JSON GET whose answer is cached is served before DRF even
    starts (:func:`jalur_cepat`)."""

    parameter_cache: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        jawaban = jalur_cepat(request, self.parameter_cache)
        if jawaban is not None:
            return jawaban
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def respons_publik(self, request: Request, buat: Callable[[], Response]) -> HttpResponseBase:
        if not boleh_cache(request):
            response = buat()
            response["Cache-Control"] = CACHE_CONTROL_PRIBADI
            return response
        format_ = getattr(request.accepted_renderer, "format", "")
        kunci = kunci_respons(request.path, request.query_params, self.parameter_cache, format_)
        try:
            gen, entri = _baca(kunci)
        except Exception:
            logger.warning("Cache API tidak dapat dibaca", exc_info=True)
            return buat()
        if entri is None:
            response = buat()
            if response.status_code != 200:
                return response
            isi = _render(self, request, response)
            entri = {
                "gen": gen,
                "body": isi,
                "ctype": response["Content-Type"],
                "etag": _etag(isi),
            }
            try:
                cache.set(kunci, entri, timeout=settings.KINERJA_API_CACHE_DETIK)
            except Exception:
                logger.warning("Cache API tidak dapat ditulis", exc_info=True)
        return _jawab(request, entri, gen)
