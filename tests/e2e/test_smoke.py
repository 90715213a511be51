"""Smoke tests in a real browser: logins per domain, the Indonesian admin, static files, the OPD
site, and that a session of one OPD is worthless on another OPD's domain."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Page, Response, expect

from tests.conftest import OPD_A, PASSWORD, PUBLIC_HOST

if TYPE_CHECKING:  # only for annotations: importing a conftest at run time would run it twice
    from tests.e2e.conftest import E2eOpd, Login, Shot

pytestmark = pytest.mark.e2e

Url = Callable[[str, str], str]


def test_operator_dashboard_in_indonesian_with_admin_css(
    page: Page, url: Url, login: Login, shot: Shot, e2e_opd: E2eOpd
) -> None:
    static: list[Response] = []
    page.on("response", lambda r: static.append(r) if "/static/" in r.url else None)

    login(page, e2e_opd.domain, "operator", e2e_opd.password)

    expect(page).to_have_url(url(e2e_opd.domain, "/admin/"))
    expect(page).to_have_title(re.compile("Dasbor"))
    css = [r for r in static if urlsplit(r.url).path.endswith(".css")]
    assert css, "the admin page loaded no stylesheet"
    assert all(r.status == 200 for r in static), [(r.url, r.status) for r in static]
    # Styled for real: browsers give <body> an 8px margin until a stylesheet resets it.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    shot("dasbor-operator")


def test_opd_site_home_and_portal_list_it(
    page: Page, url: Url, shot: Shot, e2e_opd: E2eOpd
) -> None:
    page.goto(url(e2e_opd.domain, "/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(e2e_opd.nama)
    shot("beranda-opd")

    page.goto(url(PUBLIC_HOST, "/"))
    expect(page.get_by_role("link", name=re.compile(e2e_opd.nama)).first).to_be_visible()
    shot("portal-provinsi")


def test_verifikator_logs_in_on_public_admin(
    page: Page, url: Url, login: Login, shot: Shot
) -> None:
    login(page, PUBLIC_HOST, "verifikator", PASSWORD)

    expect(page).to_have_url(url(PUBLIC_HOST, "/admin/"))
    expect(page).to_have_title(re.compile("Dasbor"))
    shot("dasbor-verifikator")


def test_session_of_opd_a_is_worthless_on_e2e_opd(
    page: Page, url: Url, login: Login, shot: Shot, e2e_opd: E2eOpd
) -> None:
    login(page, OPD_A.domain, "operator", PASSWORD)
    cookies = page.context.cookies()
    session = next(c for c in cookies if c["name"] == settings.SESSION_COOKIE_NAME)
    assert session["domain"] == OPD_A.domain  # host-only: never sent to another OPD

    page.goto(url(e2e_opd.domain, "/admin/"))
    expect(page).to_have_url(re.compile(r"/admin/login/"))

    # Even a copied cookie is unknown there: sessions live in each schema's own table.
    page.context.add_cookies([{**session, "domain": e2e_opd.domain}])
    page.goto(url(e2e_opd.domain, "/admin/"))
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    shot("sesi-opd-a-ditolak")

    # And OPD A's credentials are not accounts of this OPD.
    login(page, e2e_opd.domain, "operator", PASSWORD, succeed=False)
    shot("login-opd-a-ditolak")
