"""Wagtail hooks of Bappeda's oversight screens (public domain only). Each feature keeps its
hooks next to its views; importing registers them."""

from kinerja.pengawasan import dasbor_hooks, kepatuhan_hooks, operasi_hooks  # noqa: F401
