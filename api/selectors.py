"""Read side of the API: what each endpoint shows, as plain JSON-ready values.

Numbers are computed by the same engine as the admin screens (``kinerja.engine`` through
``kinerja.daerah.selectors`` and ``kinerja.opd.selectors.capaian_iku``); nothing here has a
formula of its own. Every function reads in a constant number of queries, whatever the number
of rows (tests/api/test_kueri.py).

**What anonymous users see** (the publishing rule of the whole platform: only verified data):

- IKD (public domain): targets and realisasi as Bappeda keeps them. Bappeda's own realisasi is
  official; the realisasi of an IKD fed by IKU is written by the rollup from VERIFIED quarters
  only, so every value there is published data.
- Rekap (public domain): per OPD the counts of the reporting progress (IKU, filled in,
  submitted, verified, and the two percentages) — they reveal no value. The capaian mean and
  the predikat counts are computed from VERIFIED snapshots only, and only from an IKU whose
  quarters TW1..TWk are all verified (the capaian s.d. TWk adds up those quarters; a quarter
  not verified yet would otherwise leak into it). ``RingkasanOpd.rata_rata_capaian`` mixes
  every status and is never shown.
- IKU (OPD domain): realisasi of verified quarters only; the capaian is computed up to the
  last quarter of the unbroken run of verified quarters from TW1, with the same rule.

Signed-in users of the OPD with the right to read realisasi (``opd.view_realisasiiku``) see
every quarter with its workflow status, and the capaian up to the last quarter entered.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from kinerja.choices import AspekIkd, Polaritas
from kinerja.daerah.models import IndikatorDaerah, PeriodeRpjmd, RealisasiDaerah
from kinerja.daerah.selectors import (
    IkdCapaian,
    engine_skala,
    ikd_capaian_tahun,
    ikd_list_with_capaian,
    indikator_queryset,
    skema_predikat_aktif,
)
from kinerja.engine import (
    CapaianResult,
    PredikatBand,
    bulatkan,
    format_angka,
    predikat_for,
)
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.engine.alur import LABEL_STATUS, Status
from kinerja.engine.jadwal import WITA
from kinerja.engine.terverifikasi import triwulan_terverifikasi

# --- values -------------------------------------------------------------------------------------


def angka(nilai: Decimal | int | None) -> str | None:
    """A Decimal as an exact JSON string with a dot ("12.5", "100"), None stays None."""
    if nilai is None:
        return None
    d = Decimal(nilai)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def teks_angka(nilai: Decimal | None) -> str:
    """The Indonesian way ("1.234,5"), "" for None."""
    return "" if nilai is None else format_angka(nilai, None)


def capaian_json(hasil: CapaianResult, bands: Sequence[PredikatBand]) -> dict[str, Any]:
    """Capaian: value rounded half-up to 2 places (string), the Indonesian text, the formula,
    why it could not be computed, and the predikat of the active scheme."""
    nilai = bulatkan(hasil.nilai, 2) if hasil.nilai is not None else None
    # No bands (the capaian against the final period target is not graded): no predikat.
    predikat = predikat_for(hasil, bands) if bands else None
    return {
        "nilai": angka(nilai),
        "teks": "" if nilai is None else format_angka(nilai, 2),
        "formula": str(hasil.formula) if hasil.nilai is not None else "",
        "alasan": hasil.alasan or "",
        "kode_alasan": str(hasil.kode_alasan) if hasil.kode_alasan else "",
        "predikat": predikat_json(predikat),
    }


def predikat_json(band: PredikatBand | None) -> dict[str, str] | None:
    return None if band is None else {"kode": band.kode, "label": band.label}


def _target_json(
    nilai: Decimal | None, nilai_max: Decimal | None, label: str, polaritas: str
) -> dict[str, Any]:
    from kinerja.opd.selectors import teks_target

    return {
        "nilai": angka(nilai),
        "nilai_max": angka(nilai_max) if polaritas == Polaritas.RENTANG else None,
        "nilai_kualitatif": label or "",
        "teks": teks_target(nilai, nilai_max, label, polaritas),
    }


def tahun_berjalan() -> int:
    return timezone.now().astimezone(WITA).year


class TahunDiLuarPeriode(ValueError):
    """``tahun`` is outside every plan period; the message is Indonesian."""


# --- IKD (public schema) ------------------------------------------------------------------------


def periode_untuk(tahun: int | None) -> tuple[PeriodeRpjmd | None, int]:
    """The RPJMD periode of ``tahun`` (the active one first) and the year to show.

    Without ``tahun``: the active periode and its latest year with a realisasi of an IKD (the
    current year, within the periode, when none has one yet). Raises
    :class:`TahunDiLuarPeriode` for a year outside every periode."""
    if tahun is None:
        periode = PeriodeRpjmd.objects.filter(aktif=True).order_by("-tahun_awal").first()
        if periode is None:
            return None, tahun_berjalan()
        terakhir = (
            RealisasiDaerah.objects.filter(
                indikator__periode=periode,
                indikator__is_ikd=True,
                tahun__lte=min(periode.tahun_akhir, tahun_berjalan()),
            )
            .order_by("-tahun")
            .values_list("tahun", flat=True)
            .first()
        )
        if terakhir is None:
            terakhir = min(max(tahun_berjalan(), periode.tahun_awal), periode.tahun_akhir)
        return periode, terakhir
    periode = (
        PeriodeRpjmd.objects.filter(tahun_awal__lte=tahun, tahun_akhir__gte=tahun)
        .order_by("-aktif", "-tahun_awal")
        .first()
    )
    if periode is None:
        rentang = [
            f"{a}–{b}" for a, b in PeriodeRpjmd.objects.values_list("tahun_awal", "tahun_akhir")
        ]
        daftar = ", ".join(rentang) if rentang else "belum ada periode"
        raise TahunDiLuarPeriode(f"Tahun {tahun} di luar periode RPJMD ({daftar}).")
    return periode, tahun


def _ikd_dasar(ind: IndikatorDaerah) -> dict[str, Any]:
    return {
        "id": ind.pk,
        "kode": ind.kode,
        "nama": ind.nama,
        "aspek": ind.aspek,
        "aspek_label": AspekIkd(ind.aspek).label if ind.aspek in AspekIkd.values else "",
        "satuan": ind.satuan,
        "jenis": ind.jenis,
        "polaritas": ind.polaritas,
        "tipe_perhitungan": ind.tipe_perhitungan,
        "sumber_nilai": ind.sumber_nilai,
        "definisi": ind.definisi,
        "formula_pengukuran": ind.formula,
    }


def _ikd_tahun_json(row: IkdCapaian, bands: Sequence[PredikatBand]) -> dict[str, Any]:
    ind = row.indikator
    t, r = row.target, row.realisasi
    return {
        "tahun": row.tahun,
        "target": None
        if t is None
        else _target_json(t.nilai, t.nilai_max, t.nilai_kualitatif, ind.polaritas),
        "realisasi": None
        if r is None
        else {
            "nilai": angka(r.nilai),
            "nilai_kualitatif": r.nilai_kualitatif,
            "teks": row.realisasi_tampil,
            "sumber": r.sumber,
        },
        "capaian": capaian_json(row.capaian, bands),
    }


def ikd_daftar(
    tahun: int | None, aspek: str | None
) -> tuple[int, PeriodeRpjmd | None, list[dict[str, Any]]]:
    """(tahun shown, its periode, one row per IKD: target, realisasi, capaian and predikat of
    the year, and the capaian of the latest realisasi against the final target)."""
    periode, tahun = periode_untuk(tahun)
    if periode is None:
        return tahun, None, []
    bands = skema_predikat_aktif()
    hasil = []
    for row in ikd_list_with_capaian(periode, tahun, aspek or None):
        data = _ikd_dasar(row.indikator)
        data.update(_ikd_tahun_json(row, bands))
        data["capaian_akhir"] = capaian_json(row.capaian_akhir, ())
        data["target_akhir"] = _target_json(
            row.indikator.target_akhir,
            row.indikator.target_akhir_max,
            row.indikator.target_akhir_kualitatif,
            row.indikator.polaritas,
        )
        hasil.append(data)
    return tahun, periode, hasil


def ikd_detail(pk: int) -> dict[str, Any] | None:
    """One IKD with every year of its periode (targets, realisasi, capaian, predikat), or None
    when it does not exist or is not an IKD. Six queries."""
    periode_id = (
        IndikatorDaerah.objects.filter(pk=pk, is_ikd=True)
        .values_list("periode_id", flat=True)
        .first()
    )
    if periode_id is None:
        return None
    ind = indikator_queryset(PeriodeRpjmd(pk=periode_id)).filter(pk=pk).first()
    if ind is None:
        return None
    bands = skema_predikat_aktif()
    skala = engine_skala(ind)
    data = _ikd_dasar(ind)
    data["periode"] = {
        "id": ind.periode.pk,
        "nama": ind.periode.nama,
        "tahun_awal": ind.periode.tahun_awal,
        "tahun_akhir": ind.periode.tahun_akhir,
    }
    data["kondisi_awal"] = {
        "nilai": angka(ind.kondisi_awal),
        "nilai_kualitatif": ind.kondisi_awal_kualitatif,
    }
    data["target_akhir"] = _target_json(
        ind.target_akhir, ind.target_akhir_max, ind.target_akhir_kualitatif, ind.polaritas
    )
    # Graded below (the caller's bands), as ikd_list_with_capaian computes each year.
    tahunan = [ikd_capaian_tahun(ind, th, skala) for th in ind.periode.tahun_list]
    data["tahunan"] = [_ikd_tahun_json(row, bands) for row in tahunan]
    # Progress towards the final target: from the latest year that has a realisasi.
    data["capaian_akhir"] = capaian_json(tahunan[-1].capaian_akhir, ())
    return data


# --- Rekap per OPD (public schema, from the rollup) ----------------------------------------------


def rekap_periode(tahun: int | None, triwulan: int | None) -> tuple[int | None, int | None]:
    """The (tahun, triwulan) to show: as asked, else the latest with summaries (of that year
    when only the year is given) in which some OPD has reported something: a quarter that is
    scheduled but still empty everywhere (the running one) would show only zeros."""
    from kinerja.rollup.models import RingkasanOpd

    if tahun is not None and triwulan is not None:
        return tahun, triwulan
    qs = RingkasanOpd.objects.all()
    if tahun is not None:
        qs = qs.filter(tahun=tahun)
    if triwulan is not None:
        qs = qs.filter(triwulan=triwulan)
    urut = qs.order_by("-tahun", "-triwulan").values_list("tahun", "triwulan")
    terakhir = urut.filter(jumlah_terisi__gt=0).first() or urut.first()
    if terakhir is None:
        return tahun if tahun is not None else tahun_berjalan(), triwulan
    return terakhir


def _capaian_terverifikasi(tahun: int, triwulan: int) -> dict[int, list[tuple[Decimal, str]]]:
    """opd_id → (capaian, predikat kode) of the snapshots of tahun + triwulan whose capaian may
    be published: verified, with a capaian, and every reported quarter of the year up to
    theirs verified too (the capaian s.d. TWk is computed from every value of TW1..TWk; a
    quarter never reported has none). One query."""
    from kinerja.rollup.models import SnapshotIku, StatusSnapshot

    rows = (
        SnapshotIku.objects.filter(tahun=tahun, triwulan__lte=triwulan)
        .order_by("opd_id", "iku_id", "triwulan")
        .values_list("opd_id", "iku_id", "triwulan", "status", "capaian", "predikat_kode")
    )
    per_iku: dict[tuple[int, int], dict[int, tuple[str, Decimal | None, str]]] = defaultdict(dict)
    for opd_id, iku_id, tw, status, capaian, predikat_kode in rows:
        per_iku[(opd_id, iku_id)][tw] = (status, capaian, predikat_kode or "")
    hasil: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    for (opd_id, _), per_tw in per_iku.items():
        snapshot = per_tw.get(triwulan)
        if snapshot is None or snapshot[1] is None:
            continue
        # A snapshot "belum diisi" is a quarter never reported: skipped, as on the pages.
        status = {
            tw: None if s[0] == StatusSnapshot.BELUM_DIISI else s[0] for tw, s in per_tw.items()
        }
        if triwulan in triwulan_terverifikasi(status, lewati_kosong=True):
            hasil[opd_id].append((snapshot[1], snapshot[2]))
    return hasil


def rekap_opd(tahun: int, triwulan: int) -> list[dict[str, Any]]:
    """One row per active OPD with a rollup summary of tahun + triwulan, ordered by kode:
    reporting progress counts and the capaian of verified data only. Four queries."""
    from kinerja.rollup.models import RingkasanOpd
    from tenants.selectors import opd_primary_domain

    ringkasan = list(
        RingkasanOpd.objects.filter(tahun=tahun, triwulan=triwulan, opd__aktif=True)
        .exclude(opd__schema_name=get_public_schema_name())
        .select_related("opd")
        .prefetch_related("opd__domains")
        .order_by("opd__kode")
    )
    terverifikasi = _capaian_terverifikasi(tahun, triwulan) if ringkasan else {}
    bands = skema_predikat_aktif() if ringkasan else ()
    hasil = []
    for r in ringkasan:
        rows = terverifikasi.get(r.opd_id, [])
        rata = bulatkan(sum((c for c, _ in rows), Decimal(0)) / len(rows), 2) if rows else None
        per_predikat: dict[str, int] = {}
        for _, kode in rows:
            if kode:
                per_predikat[kode] = per_predikat.get(kode, 0) + 1
        band = next((b for b in bands if rata is not None and b.memuat(rata)), None)
        hasil.append(
            {
                "opd": {
                    "kode": r.opd.kode,
                    "schema": r.opd.schema_name,
                    "nama": r.opd.nama,
                    "singkatan": r.opd.singkatan,
                    "domain": opd_primary_domain(r.opd),
                },
                "tahun": r.tahun,
                "triwulan": r.triwulan,
                "jumlah_iku": r.jumlah_iku,
                "jumlah_terisi": r.jumlah_terisi,
                "jumlah_diajukan": r.jumlah_diajukan,
                "jumlah_diverifikasi": r.jumlah_diverifikasi,
                "kelengkapan_persen": angka(r.kelengkapan_persen),
                "terverifikasi_persen": angka(r.terverifikasi_persen),
                "capaian_terverifikasi": {
                    "jumlah_iku": len(rows),
                    "rata_rata": angka(rata),
                    "rata_rata_teks": "" if rata is None else format_angka(rata, 2),
                    "predikat": predikat_json(band),
                    "jumlah_per_predikat": per_predikat,
                },
                "diperbarui": r.diperbarui,
            }
        )
    return hasil


# --- IKU (OPD schemas) ---------------------------------------------------------------------------


def renstra_rentang() -> list[tuple[int, int]]:
    from kinerja.opd.models import Renstra

    return list(Renstra.objects.order_by("tahun_awal").values_list("tahun_awal", "tahun_akhir"))


def tahun_iku(tahun: int | None) -> int:
    """The year to show: as asked when a Renstra covers it (else :class:`TahunDiLuarPeriode`);
    without one, the current year clamped into the Renstra periods."""
    rentang = renstra_rentang()
    if tahun is not None:
        if rentang and not any(a <= tahun <= b for a, b in rentang):
            daftar = ", ".join(f"{a}–{b}" for a, b in rentang)
            raise TahunDiLuarPeriode(f"Tahun {tahun} di luar periode Renstra ({daftar}).")
        if not rentang:
            raise TahunDiLuarPeriode(f"Tahun {tahun} di luar periode Renstra (belum ada Renstra).")
        return tahun
    sekarang = tahun_berjalan()
    if not rentang or any(a <= sekarang <= b for a, b in rentang):
        return sekarang
    awal, akhir = min(a for a, _ in rentang), max(b for _, b in rentang)
    return min(max(sekarang, awal), akhir)


def iku_queryset(tahun: int, *, urutan: Sequence[str] = ("sasaran__kode", "kode")) -> QuerySet:
    """Active IKU whose Renstra covers ``tahun`` (those are the ones reported), ordered."""
    from kinerja.opd.models import Iku

    return (
        Iku.objects.filter(
            aktif=True,
            sasaran__tujuan__renstra__tahun_awal__lte=tahun,
            sasaran__tujuan__renstra__tahun_akhir__gte=tahun,
        )
        .select_related("sasaran__tujuan__renstra")
        .order_by(*urutan, "pk")
    )


@dataclass(frozen=True)
class KonteksIku:
    """Public rows read once per request for a page of IKU."""

    skala: Mapping[int, EngineSkala]
    bands: Sequence[PredikatBand]
    ikd: Mapping[int, Any]
    # iku_id → triwulan → status of every saved realisasi of the year (statuses only, never
    # values): tells "never reported" from "not verified" for the published-quarters rule.
    status: Mapping[int, Mapping[int, str]] = field(default_factory=dict)


def _lengkapi(ikus: Sequence[Any], tahun: int, semua_status: bool) -> KonteksIku:
    """Prefetch the targets and realisasi of ``tahun`` (verified only unless
    ``semua_status``) onto a page of IKU, and read the public rows they need."""
    from kinerja.opd.models import RealisasiIku, TargetIku
    from kinerja.opd.realisasi_selectors import skala_engine_per_id

    realisasi = RealisasiIku.objects.filter(tahun=tahun).order_by("triwulan")
    if not semua_status:
        realisasi = realisasi.filter(status=Status.DIVERIFIKASI)
    prefetch_related_objects(
        list(ikus),
        Prefetch(
            "target",
            queryset=TargetIku.objects.filter(tahun=tahun).order_by("triwulan"),
            to_attr="target_tahun",
        ),
        Prefetch("realisasi", queryset=realisasi, to_attr="realisasi_tahun"),
    )
    skala = skala_engine_per_id(
        {i.skala_id for i in ikus if i.polaritas == Polaritas.KUALITATIF and i.skala_id}
    )
    ikd_ids = {i.ikd_id for i in ikus if i.ikd_id}
    ikd = IndikatorDaerah.objects.only("id", "kode", "nama").in_bulk(ikd_ids) if ikd_ids else {}
    status: dict[int, dict[int, str]] = defaultdict(dict)
    if not semua_status and ikus:
        for iku_id, tw, st in RealisasiIku.objects.filter(
            tahun=tahun, iku_id__in=[i.pk for i in ikus]
        ).values_list("iku_id", "triwulan", "status"):
            status[iku_id][tw] = st
    return KonteksIku(skala, skema_predikat_aktif() if ikus else (), ikd, status)


def _nilai_r(iku: Any, r: Any) -> Decimal | str | None:
    if iku.polaritas == Polaritas.KUALITATIF:
        return (r.nilai_kualitatif or "").strip() or None
    return r.nilai


def _capaian_sd(
    iku: Any, tahun: int, nilai: Mapping[int, Any], sampai: int, k: KonteksIku
) -> dict[str, Any]:
    from kinerja.opd.realisasi_selectors import rumus_capaian
    from kinerja.opd.selectors import capaian_iku, teks_target

    skala = k.skala.get(iku.skala_id) if iku.skala_id else None
    if iku.polaritas == Polaritas.KUALITATIF and skala is None and iku.skala_id:
        # Scale missing or without labels: say so without capaian_iku looking it up again.
        iku = copy.copy(iku)
        iku.skala_id = None
    c = capaian_iku(
        iku,
        tahun,
        {q: nilai.get(q) for q in range(1, sampai + 1)},
        triwulan_berjalan=sampai,
        skala=skala,
        bands=k.bands,
    )
    if c.target_kualitatif is not None or iku.polaritas == Polaritas.KUALITATIF:
        target_teks = c.target_kualitatif or ""
        realisasi_teks = c.realisasi_kualitatif or ""
        realisasi_nilai = None
    else:
        target_teks = teks_target(c.target, c.target_max, "", iku.polaritas)
        realisasi_nilai = c.realisasi.nilai if c.realisasi is not None else None
        realisasi_teks = teks_angka(realisasi_nilai)
    data = capaian_json(c.capaian, k.bands)
    data["formula"] = rumus_capaian(c) if c.capaian.nilai is not None else ""
    return {
        "sampai_triwulan": sampai,
        "acuan": c.acuan,
        "target": angka(c.target),
        "target_max": angka(c.target_max) if iku.polaritas == Polaritas.RENTANG else None,
        "target_kualitatif": c.target_kualitatif or "",
        "target_teks": target_teks,
        "realisasi": angka(realisasi_nilai),
        "realisasi_kualitatif": c.realisasi_kualitatif or "",
        "realisasi_teks": realisasi_teks,
        **data,
    }


def _sampai_terverifikasi(status: Mapping[int, str]) -> int:
    """The k of "s.d. TWk" under the published rule (verified quarters from TW1 up to the
    first reported quarter that is not verified; a quarter never reported is skipped); 0 when
    none."""
    run = triwulan_terverifikasi(status, lewati_kosong=True)
    return run[-1] if run else 0


def iku_json(
    iku: Any, tahun: int, k: KonteksIku, *, semua_status: bool, detail: bool = False
) -> dict[str, Any]:
    """One IKU of a year for the API (after :func:`_lengkapi`)."""
    targets = iku.target_tahun
    rows = iku.realisasi_tahun
    tahunan = next((t for t in targets if t.triwulan is None), None)
    nilai = {r.triwulan: _nilai_r(iku, r) for r in rows}
    if semua_status:
        sampai = max((q for q, v in nilai.items() if v is not None), default=0)
    else:
        sampai = _sampai_terverifikasi(k.status.get(iku.pk, {}))
    ikd = k.ikd.get(iku.ikd_id) if iku.ikd_id else None
    data: dict[str, Any] = {
        "id": iku.pk,
        "kode": iku.kode,
        "nama": iku.nama,
        "satuan": iku.satuan,
        "jenis": iku.jenis,
        "polaritas": iku.polaritas,
        "tipe_perhitungan": iku.tipe_perhitungan,
        "formula_pengukuran": iku.formula,
        "sasaran": {"kode": iku.sasaran.kode, "uraian": iku.sasaran.uraian},
        "ikd": None if ikd is None else {"id": ikd.pk, "kode": ikd.kode, "nama": ikd.nama},
        "tahun": tahun,
        "hanya_terverifikasi": not semua_status,
        "target": {
            "tahunan": None
            if tahunan is None
            else _target_json(
                tahunan.nilai, tahunan.nilai_max, tahunan.nilai_kualitatif, iku.polaritas
            ),
            "triwulan": [
                {
                    "triwulan": t.triwulan,
                    **_target_json(t.nilai, t.nilai_max, t.nilai_kualitatif, iku.polaritas),
                }
                for t in targets
                if t.triwulan
            ],
        },
        "realisasi": [
            {
                "id": r.pk,
                "triwulan": r.triwulan,
                "nilai": angka(r.nilai),
                "nilai_kualitatif": r.nilai_kualitatif,
                "teks": r.nilai_kualitatif or teks_angka(r.nilai),
                "status": r.status,
                "status_label": LABEL_STATUS[Status(r.status)],
                "diverifikasi_pada": r.diverifikasi_pada,
            }
            for r in rows
        ],
        "capaian": _capaian_sd(iku, tahun, nilai, sampai, k),
    }
    if detail:
        renstra = iku.sasaran.tujuan.renstra
        data.update(
            {
                "definisi": iku.definisi,
                "sumber_data": iku.sumber_data,
                "penanggung_jawab": iku.penanggung_jawab,
                "baseline": {
                    "nilai": angka(iku.baseline),
                    "nilai_kualitatif": iku.baseline_kualitatif,
                },
                "renstra": {
                    "nama": renstra.nama,
                    "tahun_awal": renstra.tahun_awal,
                    "tahun_akhir": renstra.tahun_akhir,
                },
                "capaian_triwulan": [
                    _capaian_sd(iku, tahun, nilai, q, k) for q in range(1, sampai + 1)
                ],
            }
        )
    return data


def iku_halaman(ikus: Sequence[Any], tahun: int, *, semua_status: bool) -> list[dict[str, Any]]:
    """A page of IKU for the list endpoint: a constant number of queries for the page."""
    k = _lengkapi(ikus, tahun, semua_status)
    return [iku_json(i, tahun, k, semua_status=semua_status) for i in ikus]


def iku_satu(pk: int, tahun: int | None, *, semua_status: bool) -> dict[str, Any] | None:
    """One active IKU in ``tahun`` (default: the current year within its own Renstra) with the
    capaian s.d. each reported quarter; None when there is no such IKU in that year."""
    from kinerja.opd.models import Iku

    if tahun is None:
        rentang = (
            Iku.objects.filter(pk=pk, aktif=True)
            .values_list(
                "sasaran__tujuan__renstra__tahun_awal", "sasaran__tujuan__renstra__tahun_akhir"
            )
            .first()
        )
        if rentang is None:
            return None
        tahun = min(max(tahun_berjalan(), rentang[0]), rentang[1])
    iku = iku_queryset(tahun).filter(pk=pk).first()
    if iku is None:
        return None
    k = _lengkapi([iku], tahun, semua_status)
    return iku_json(iku, tahun, k, semua_status=semua_status, detail=True)
