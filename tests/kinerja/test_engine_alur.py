"""The workflow state machine: every (status, action, role) combination, exhaustively."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.engine.alur import (
    PERLU_CATATAN,
    Aksi,
    Peran,
    Status,
    TransisiDitolak,
    aksi_tersedia,
    dapat_diubah,
    periksa_transisi,
)

OP, K, V = Peran.OPERATOR, Peran.KEPALA, Peran.VERIFIKATOR

# The complete allowed table: (status, aksi) -> (roles allowed, resulting status).
DIIZINKAN = {
    (Status.DRAFT, Aksi.UBAH): ({OP}, Status.DRAFT),
    (Status.DRAFT, Aksi.AJUKAN): ({OP}, Status.DIAJUKAN),
    (Status.DIAJUKAN, Aksi.SETUJUI): ({K}, Status.DISETUJUI),
    (Status.DIAJUKAN, Aksi.KEMBALIKAN): ({K}, Status.DRAFT),
    (Status.DISETUJUI, Aksi.KEMBALIKAN): ({K, V}, Status.DRAFT),
    (Status.DISETUJUI, Aksi.VERIFIKASI): ({V}, Status.DIVERIFIKASI),
    (Status.DIVERIFIKASI, Aksi.BUKA_KEMBALI): ({V}, Status.DRAFT),
}
CATATAN = "Lampirkan berita acara kegiatan."


@pytest.mark.parametrize(("status", "aksi", "peran"), list(itertools.product(Status, Aksi, Peran)))
def test_setiap_kombinasi(status: Status, aksi: Aksi, peran: Peran) -> None:
    entry = DIIZINKAN.get((status, aksi))
    if entry is None:
        with pytest.raises(TransisiDitolak) as e:
            periksa_transisi(status, aksi, {peran}, CATATAN)
        assert e.value.kode == "status"
        return
    roles, hasil = entry
    if peran in roles:
        assert periksa_transisi(status, aksi, {peran}, CATATAN) == hasil
    else:
        with pytest.raises(TransisiDitolak) as e:
            periksa_transisi(status, aksi, {peran}, CATATAN)
        assert e.value.kode == "peran"
        assert "tidak berwenang" in e.value.pesan


def test_tanpa_peran_selalu_ditolak() -> None:
    for (status, aksi), _ in DIIZINKAN.items():
        with pytest.raises(TransisiDitolak):
            periksa_transisi(status, aksi, set(), CATATAN)


@pytest.mark.parametrize("aksi", sorted(PERLU_CATATAN))
@pytest.mark.parametrize("catatan", ["", "   ", "ok", "abcd "])
def test_catatan_wajib(aksi: Aksi, catatan: str) -> None:
    status = Status.DISETUJUI if aksi == Aksi.KEMBALIKAN else Status.DIVERIFIKASI
    with pytest.raises(TransisiDitolak) as e:
        periksa_transisi(status, aksi, {V}, catatan)
    assert e.value.kode == "catatan"
    assert "wajib" in e.value.pesan


def test_pesan_jelas() -> None:
    with pytest.raises(TransisiDitolak) as e:
        periksa_transisi(Status.DRAFT, Aksi.SETUJUI, {K})
    assert e.value.pesan == (
        "Tidak dapat menyetujui: status realisasi Draf, sedangkan aksi ini hanya untuk status "
        "Diajukan."
    )
    with pytest.raises(TransisiDitolak) as e:
        periksa_transisi(Status.DIAJUKAN, Aksi.SETUJUI, {OP})
    assert e.value.pesan.endswith("hanya untuk Kepala OPD.")
    with pytest.raises(TransisiDitolak) as e:
        periksa_transisi(Status.DIVERIFIKASI, Aksi.UBAH, {OP})
    assert "terkunci" in e.value.pesan


def test_aksi_tersedia() -> None:
    assert aksi_tersedia(Status.DRAFT, {OP}) == [Aksi.AJUKAN]
    assert aksi_tersedia(Status.DIAJUKAN, {K}) == [Aksi.SETUJUI, Aksi.KEMBALIKAN]
    assert aksi_tersedia(Status.DISETUJUI, {V}) == [Aksi.KEMBALIKAN, Aksi.VERIFIKASI]
    assert aksi_tersedia(Status.DIVERIFIKASI, {V}) == [Aksi.BUKA_KEMBALI]
    assert aksi_tersedia(Status.DIVERIFIKASI, {OP, K}) == []


def test_hanya_draf_dapat_diubah() -> None:
    assert [s for s in Status if dapat_diubah(s)] == [Status.DRAFT]


@given(st.lists(st.sampled_from(list(Aksi)), max_size=30), st.sets(st.sampled_from(list(Peran))))
def test_jalur_acak_selalu_konsisten(langkah: list[Aksi], peran: set[Peran]) -> None:
    """Any sequence of attempts only ever visits states the table allows, and verified items
    change only through reopening."""
    status = Status.DRAFT
    for aksi in langkah:
        try:
            baru = periksa_transisi(status, aksi, peran, CATATAN)
        except TransisiDitolak:
            continue
        assert (status, aksi) in DIIZINKAN
        assert baru == DIIZINKAN[(status, aksi)][1]
        if status == Status.DIVERIFIKASI:
            assert aksi == Aksi.BUKA_KEMBALI
        status = baru
