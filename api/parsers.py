"""Request body parsing with a size limit.

DRF's JSON parser reads the whole body whatever its size (Django's DATA_UPLOAD_MAX_MEMORY_SIZE
guards ``request.body`` and forms, not a stream read by a parser). The API's bodies are small
(one realisasi with three narratives of at most 5,000 characters), so anything larger than
``KINERJA_API_MAKS_BITA`` is refused with a JSON 413 before it is read.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


def maks_bita() -> int:
    return int(getattr(settings, "KINERJA_API_MAKS_BITA", 256 * 1024))


class MuatanTerlaluBesar(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "terlalu_besar"

    def __init__(self) -> None:
        batas = maks_bita() // 1024
        super().__init__(f"Isi permintaan terlalu besar (maksimal {batas} KB).")


class JsonTerbatas(JSONParser):
    """JSON only, at most ``KINERJA_API_MAKS_BITA`` bytes; a malformed body is a 400 with an
    Indonesian message."""

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        batas = maks_bita()
        request = (parser_context or {}).get("request")
        meta = getattr(request, "META", {}) if request is not None else {}
        try:
            panjang = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            panjang = 0
        if panjang > batas:
            raise MuatanTerlaluBesar()
        # The declared length can be absent or wrong: never read more than the limit + 1.
        isi = stream.read(batas + 1)
        if len(isi) > batas:
            raise MuatanTerlaluBesar()
        try:
            return super().parse(io.BytesIO(isi), media_type, parser_context)
        except ParseError:
            raise ParseError("Isi permintaan bukan JSON yang valid.") from None
