"""Page-number pagination: ``?page=`` and ``?page_size=`` (at most 100)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Halaman(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Jumlah baris per halaman (1–100, bawaan 50)."
    page_query_description = "Nomor halaman (mulai 1)."
    max_page_size = 100
    invalid_page_message = "Halaman {page_number} tidak ada."
