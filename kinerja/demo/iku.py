"""Demo Renstra and IKU of every OPD in :data:`kinerja.demo.data.OPDS`.

ILLUSTRATIVE FIGURES, like :mod:`kinerja.demo.rpjmd`: plausible for Kalimantan Utara, not the
official Renstra documents. Twelve key OPDs carry a hand-written Renstra; the others get a sector
tujuan with two to four sector IKU plus three IKU common to every Perangkat Daerah (Nilai SAKIP,
realisasi anggaran, indeks kepuasan masyarakat).

Every sasaran strategis names the RPJMD sasaran it supports (``S…`` kode of
:data:`kinerja.demo.rpjmd.MISI`); an IKU that feeds an IKD names it in ``ikd``. Yearly targets
run over the Renstra years; quarterly targets are derived from them by
:func:`target_triwulan` so that they agree with the tipe perhitungan:

- kumulatif (flows): the four quarters add up to the year (20/25/25/30 %);
- posisi_akhir (stocks, rates): TW4 equals the year; ``pola`` says how the year gets there —
  ``tren`` (straight line from last year's level), ``akumulasi`` (year-to-date coverage such as
  realisasi anggaran or imunisasi: 20/45/70/100 % of the year) or ``tetap`` (measured once a
  year: every quarter carries the yearly target);
- rata_rata: every quarter equals the year, so their mean is the year.

Pure data, no Django import.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from kinerja.demo.data import OPDS
from kinerja.demo.rpjmd import INDIKATOR, MISI, PERIODE

SKALA_AKREDITASI_RS = "Akreditasi Rumah Sakit"
_BOBOT_KUMULATIF = (Decimal("0.20"), Decimal("0.25"), Decimal("0.25"), Decimal("0.30"))
_BOBOT_AKUMULASI = (Decimal("0.20"), Decimal("0.45"), Decimal("0.70"), Decimal(1))


class Nilai(NamedTuple):
    """One target: a number (with an upper bound for rentang) or a qualitative label."""

    nilai: Decimal | None
    nilai_max: Decimal | None = None
    kualitatif: str = ""


class IkuDemo(NamedTuple):
    kode: str
    nama: str
    satuan: str
    target: tuple[str, ...]  # one per Renstra year
    baseline: str = ""
    polaritas: str = "positif"
    tipe: str = "posisi_akhir"
    pola: str = "tetap"  # posisi_akhir only: tren | akumulasi | tetap
    jenis: str = "outcome"
    ikd: str = ""  # kode of the IKD this IKU feeds
    target_max: tuple[str, ...] = ()  # upper bounds for polaritas rentang
    skala: str = ""  # SkalaKualitatif nama for polaritas kualitatif
    sumber_data: str = ""
    formula: str = ""

    @property
    def kualitatif(self) -> bool:
        return self.polaritas == "kualitatif"


class SasaranDemo(NamedTuple):
    kode: str
    uraian: str
    sasaran_rpjmd: str
    iku: tuple[IkuDemo, ...]


class TujuanDemo(NamedTuple):
    kode: str
    uraian: str
    sasaran: tuple[SasaranDemo, ...]


class RenstraDemo(NamedTuple):
    schema: str
    tahun_awal: int
    tahun_akhir: int
    tujuan: tuple[TujuanDemo, ...]

    @property
    def tahun(self) -> tuple[int, ...]:
        return tuple(range(self.tahun_awal, self.tahun_akhir + 1))

    @property
    def singkatan(self) -> str:
        return _OPD[self.schema].singkatan

    @property
    def nama(self) -> str:
        return f"Renstra {self.singkatan} {self.tahun_awal}–{self.tahun_akhir}"

    @property
    def visi(self) -> str:
        return str(PERIODE["visi"])

    @property
    def misi(self) -> str:
        """The RPJMD misi this Renstra supports, derived from its sasaran alignment."""
        nomor = sorted({_MISI_OF_SASARAN[s.sasaran_rpjmd] for s in self.sasaran})
        return "\n".join(f"Mendukung Misi {n} RPJMD: {_MISI_URAIAN[n]}" for n in nomor)

    @property
    def sasaran(self) -> tuple[SasaranDemo, ...]:
        return tuple(s for t in self.tujuan for s in t.sasaran)

    @property
    def iku(self) -> tuple[IkuDemo, ...]:
        return tuple(i for s in self.sasaran for i in s.iku)


_OPD = {opd.schema: opd for opd in OPDS}
_MISI_URAIAN = {m.nomor: m.uraian for m in MISI}
_MISI_OF_SASARAN = {s.kode: m.nomor for m in MISI for t in m.tujuan for s in t.sasaran}
_IKD = {i.kode: i for i in INDIKATOR}


# --- quarterly targets ------------------------------------------------------------------------


def _dp(value: str) -> int:
    return len(value.split(".")[1]) if "." in value else 0


def _q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def target_tahunan(iku: IkuDemo, index: int) -> Nilai:
    """The yearly target of the ``index``-th Renstra year."""
    value = iku.target[index]
    if iku.kualitatif:
        return Nilai(None, None, value)
    upper = Decimal(iku.target_max[index]) if iku.target_max else None
    return Nilai(Decimal(value), upper)


def _bagi_kumulatif(total: str) -> tuple[Decimal, ...]:
    """Split a yearly flow over the quarters (20/25/25/30 %) at the precision of the yearly
    figure, largest remainder first, so that the quarters add up exactly."""
    places = _dp(total)
    unit = Decimal(1).scaleb(-places)
    year = Decimal(total)
    raw = [year * w for w in _BOBOT_KUMULATIF]
    parts = [r.quantize(unit, rounding=ROUND_FLOOR) for r in raw]
    left = int((year - sum(parts)) / unit)
    order = sorted(range(4), key=lambda q: (raw[q] - parts[q], q), reverse=True)
    for q in order[:left]:
        parts[q] += unit
    return tuple(parts)


def target_triwulan(iku: IkuDemo, index: int) -> tuple[Nilai, Nilai, Nilai, Nilai]:
    """Quarterly targets (TW1..TW4) of the ``index``-th Renstra year, consistent with the
    IKU's tipe perhitungan (see the module docstring)."""
    year = target_tahunan(iku, index)
    constant = (year, year, year, year)
    if iku.kualitatif or iku.polaritas in ("rentang", "stabil") or iku.tipe == "rata_rata":
        return constant
    text = iku.target[index]
    if iku.tipe == "kumulatif":
        a, b, c, d = _bagi_kumulatif(text)
        return (Nilai(a), Nilai(b), Nilai(c), Nilai(d))
    assert year.nilai is not None
    if iku.pola == "akumulasi":
        places = max(_dp(text), 2)
        parts = [_q(year.nilai * w, places) for w in _BOBOT_AKUMULASI[:3]]
        return (Nilai(parts[0]), Nilai(parts[1]), Nilai(parts[2]), year)
    if iku.pola == "tren":
        previous = iku.target[index - 1] if index else iku.baseline
        if not previous:
            return constant
        start = Decimal(previous)
        places = max(_dp(text), _dp(previous), 2)
        steps = [_q(start + (year.nilai - start) * q / 4, places) for q in (1, 2, 3)]
        return (Nilai(steps[0]), Nilai(steps[1]), Nilai(steps[2]), year)
    return constant


# --- builders -------------------------------------------------------------------------------


def _v(values: str) -> tuple[str, ...]:
    return tuple(values.split())


def _iku(kode: str, nama: str, satuan: str, target: str, baseline: str = "", **kw) -> IkuDemo:
    return IkuDemo(f"IKU.{kode}", nama, satuan, _v(target), baseline, **kw)


def _ikd_iku(kode: str, ikd: str, nama: str = "", **kw) -> IkuDemo:
    """An IKU that feeds an IKD: same unit, polarity, scale and yearly targets."""
    source = _IKD[ikd]
    return IkuDemo(
        f"IKU.{kode}",
        nama or source.nama,
        source.satuan,
        source.target,
        source.kondisi_awal,
        polaritas=source.polaritas,
        tipe=kw.pop("tipe", source.tipe_perhitungan),
        ikd=ikd,
        target_max=source.target_max,
        skala=source.skala,
        sumber_data=kw.pop("sumber_data", source.sumber_data),
        formula=kw.pop("formula", source.formula),
        **kw,
    )


def _seri(start: float, step: float, n: int, places: int = 2) -> str:
    return " ".join(f"{start + step * k:.{places}f}" for k in range(1, n + 1))


def _sasaran_akuntabilitas(index: int, n: int, singkatan: str) -> tuple[SasaranDemo, ...]:
    """The two sasaran every templated OPD shares: performance accountability (S4.1.1) and
    service quality (S4.1.2), with the three common IKU."""
    sakip = 58 + (index * 37 % 100) / 10
    ikm = 76 + (index * 13 % 50) / 10
    anggaran = _v("92 93 94 95 95 96")[-n:]
    return (
        SasaranDemo(
            "SS.2.1",
            f"Meningkatnya akuntabilitas kinerja dan keuangan {singkatan}",
            "S4.1.1",
            (
                IkuDemo(
                    "IKU.90",
                    "Nilai SAKIP Perangkat Daerah",
                    "nilai",
                    _v(_seri(sakip, 1.5, n)),
                    f"{sakip:.2f}",
                    sumber_data="Hasil evaluasi SAKIP oleh Inspektorat",
                ),
                IkuDemo(
                    "IKU.91",
                    "Persentase realisasi anggaran",
                    "%",
                    anggaran,
                    "89.50",
                    pola="akumulasi",
                    jenis="output",
                    sumber_data="SIPD / laporan realisasi anggaran",
                    formula="Realisasi belanja s.d. triwulan berjalan / pagu belanja × 100",
                ),
            ),
        ),
        SasaranDemo(
            "SS.2.2",
            f"Meningkatnya kualitas pelayanan {singkatan}",
            "S4.1.2",
            (
                IkuDemo(
                    "IKU.92",
                    "Indeks kepuasan masyarakat",
                    "nilai",
                    _v(_seri(ikm, 1.0, n)),
                    f"{ikm:.2f}",
                    tipe="rata_rata",
                    sumber_data="Survei kepuasan masyarakat per triwulan",
                ),
            ),
        ),
    )


def _templated(
    schema: str,
    tujuan: str,
    sasaran: str,
    sasaran_rpjmd: str,
    iku: tuple[IkuDemo, ...],
    tahun_awal: int = 2021,
) -> RenstraDemo:
    n = 2026 - tahun_awal + 1
    index = next(i for i, opd in enumerate(OPDS) if opd.schema == schema)
    singkatan = _OPD[schema].singkatan
    return RenstraDemo(
        schema,
        tahun_awal,
        2026,
        (
            TujuanDemo("T.1", tujuan, (SasaranDemo("SS.1.1", sasaran, sasaran_rpjmd, iku),)),
            TujuanDemo(
                "T.2",
                f"Meningkatkan akuntabilitas kinerja dan kualitas pelayanan {singkatan}",
                _sasaran_akuntabilitas(index, n, singkatan),
            ),
        ),
    )


K, PA, RR = "kumulatif", "posisi_akhir", "rata_rata"

# --- key OPDs, written out ------------------------------------------------------------------

_DETAIL: tuple[RenstraDemo, ...] = (
    RenstraDemo(
        "dinkes",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan derajat kesehatan masyarakat Kalimantan Utara",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya kesehatan ibu, anak dan status gizi masyarakat",
                        "S1.1.2",
                        (
                            _ikd_iku("01", "IKD-06"),
                            _iku(
                                "02",
                                "Angka kematian bayi",
                                "per 1.000 kelahiran hidup",
                                "11.8 11.2 10.6 10.0 9.5 9.0",
                                "12.4",
                                polaritas="negatif",
                            ),
                            _iku(
                                "03",
                                "Prevalensi balita stunting",
                                "%",
                                "26.50 23.50 20.50 17.50 15.00 14.00",
                                "27.50",
                                polaritas="negatif",
                                pola="tren",
                                sumber_data="e-PPGBM / SSGI",
                            ),
                            _iku(
                                "04",
                                "Cakupan imunisasi dasar lengkap",
                                "%",
                                "85 87 89 91 93 95",
                                "82.40",
                                pola="akumulasi",
                                jenis="output",
                                formula="Bayi 0–11 bulan yang mendapat imunisasi dasar lengkap "
                                "s.d. triwulan berjalan / sasaran bayi setahun × 100",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya akses dan mutu pelayanan kesehatan",
                        "S1.1.2",
                        (
                            _iku(
                                "05",
                                "Persentase puskesmas terakreditasi",
                                "%",
                                "72 80 86 92 96 100",
                                "64.00",
                                pola="tren",
                            ),
                            _iku(
                                "06",
                                "Cakupan kepesertaan Jaminan Kesehatan Nasional (UHC)",
                                "%",
                                "92.00 94.00 95.00 96.00 97.00 98.00",
                                "89.50",
                                pola="tren",
                            ),
                            _iku(
                                "07",
                                "Jumlah kasus tuberkulosis yang ditemukan dan diobati",
                                "kasus",
                                "1150 1250 1350 1450 1550 1650",
                                "1040",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
            TujuanDemo(
                "T.2",
                "Meningkatkan tata kelola dan akuntabilitas kinerja Dinas Kesehatan",
                (
                    SasaranDemo(
                        "SS.2.1",
                        "Meningkatnya akuntabilitas kinerja Dinas Kesehatan",
                        "S4.1.1",
                        (
                            _iku(
                                "08",
                                "Nilai SAKIP Dinas Kesehatan",
                                "nilai",
                                "66.00 67.50 69.00 70.50 72.00 73.50",
                                "64.20",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "disdikbud",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan akses dan mutu pendidikan menengah dan pendidikan khusus",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya akses pendidikan menengah dan khusus",
                        "S1.1.1",
                        (
                            _iku(
                                "01",
                                "Angka Partisipasi Murni SMA/SMK/sederajat",
                                "%",
                                "67.50 68.50 69.50 70.50 71.50 72.50",
                                "66.80",
                                sumber_data="BPS (Susenas)",
                            ),
                            _iku(
                                "02",
                                "Angka Partisipasi Kasar SMA/SMK/sederajat",
                                "%",
                                "88.50 89.50 90.50 91.50 92.50 93.50",
                                "87.90",
                                sumber_data="BPS (Susenas)",
                            ),
                            _iku(
                                "03",
                                "Angka putus sekolah SMA/SMK/SLB",
                                "%",
                                "0.85 0.80 0.75 0.70 0.65 0.60",
                                "0.92",
                                polaritas="negatif",
                                sumber_data="Dapodik",
                            ),
                            _iku(
                                "04",
                                "Jumlah siswa SMA/SMK/SLB penerima bantuan pendidikan daerah",
                                "orang",
                                "4000 4500 5000 5500 6000 6000",
                                "3500",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya mutu pendidikan menengah dan khusus",
                        "S1.1.1",
                        (
                            _iku(
                                "05",
                                "Persentase SMA/SMK/SLB terakreditasi minimal B",
                                "%",
                                "78 81 84 87 90 92",
                                "75.40",
                                pola="tren",
                            ),
                            _iku(
                                "06",
                                "Persentase guru SMA/SMK/SLB bersertifikat pendidik",
                                "%",
                                "62 65 68 71 74 77",
                                "59.30",
                                pola="tren",
                            ),
                            _iku(
                                "07",
                                "Persentase satuan pendidikan dengan literasi di atas "
                                "kompetensi minimum",
                                "%",
                                "55 58 61 64 67 70",
                                "52.00",
                                sumber_data="Rapor Pendidikan (Asesmen Nasional)",
                            ),
                        ),
                    ),
                ),
            ),
            TujuanDemo(
                "T.2",
                "Melestarikan dan memajukan kebudayaan daerah",
                (
                    SasaranDemo(
                        "SS.2.1",
                        "Meningkatnya pelestarian cagar budaya dan warisan budaya takbenda",
                        "S1.2.2",
                        (
                            _iku(
                                "08",
                                "Jumlah objek cagar budaya dan warisan budaya takbenda yang "
                                "ditetapkan",
                                "objek",
                                "4 5 6 6 8 8",
                                "3",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "dpupr",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan kualitas infrastruktur jalan, jembatan dan sumber daya air",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya kemantapan jalan dan jembatan provinsi",
                        "S5.1.1",
                        (
                            _ikd_iku("01", "IKD-13", pola="tren"),
                            _iku(
                                "02",
                                "Panjang jalan provinsi yang ditingkatkan/direkonstruksi",
                                "km",
                                "35.5 42.0 45.0 48.5 50.0 52.0",
                                "30.2",
                                tipe=K,
                                jenis="output",
                            ),
                            _iku(
                                "03",
                                "Jumlah jembatan provinsi yang dibangun atau diganti",
                                "unit",
                                "4 5 5 6 6 6",
                                "3",
                                tipe=K,
                                jenis="output",
                            ),
                            _iku(
                                "04",
                                "Rasio daerah irigasi kewenangan provinsi dalam kondisi baik",
                                "%",
                                "55 58 61 64 67 70",
                                "52.00",
                                pola="tren",
                            ),
                        ),
                    ),
                ),
            ),
            TujuanDemo(
                "T.2",
                "Meningkatkan akses permukiman yang layak, aman dan terjangkau",
                (
                    SasaranDemo(
                        "SS.2.1",
                        "Meningkatnya akses air minum, sanitasi dan hunian layak",
                        "S5.1.2",
                        (
                            _iku(
                                "05",
                                "Persentase rumah tangga dengan akses air minum layak",
                                "%",
                                "89.50 90.50 91.50 92.50 93.50 94.50",
                                "88.60",
                                sumber_data="BPS (Susenas)",
                            ),
                            _iku(
                                "06",
                                "Persentase rumah tangga dengan akses sanitasi layak",
                                "%",
                                "80.00 81.50 83.00 84.50 86.00 87.50",
                                "78.90",
                                sumber_data="BPS (Susenas)",
                            ),
                            _iku(
                                "07",
                                "Luas kawasan kumuh kewenangan provinsi yang tertangani",
                                "ha",
                                "12 15 18 20 22 25",
                                "10",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "bpkad",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Mewujudkan pengelolaan keuangan dan aset daerah yang transparan dan akuntabel",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya kualitas pengelolaan keuangan daerah",
                        "S4.1.1",
                        (
                            _ikd_iku("01", "IKD-07"),
                            _iku(
                                "02",
                                "Persentase realisasi belanja daerah",
                                "%",
                                "92 93 94 95 95 96",
                                "90.10",
                                pola="akumulasi",
                                jenis="output",
                            ),
                            _iku(
                                "03",
                                "Persentase rekomendasi BPK atas pengelolaan keuangan yang "
                                "ditindaklanjuti",
                                "%",
                                "80 84 88 90 92 95",
                                "76.50",
                                pola="tren",
                            ),
                            _iku(
                                "04",
                                "Rata-rata waktu penerbitan SP2D",
                                "hari kerja",
                                "3.0 2.5 2.0 2.0 1.5 1.5",
                                "3.5",
                                polaritas="negatif",
                                tipe=RR,
                                jenis="output",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya tertib pengelolaan barang milik daerah",
                        "S4.1.1",
                        (
                            _iku(
                                "05",
                                "Persentase bidang tanah milik pemerintah provinsi yang "
                                "bersertifikat",
                                "%",
                                "45 52 60 68 75 82",
                                "38.40",
                                pola="tren",
                            ),
                            _iku(
                                "06",
                                "Persentase barang milik daerah yang tercatat dan dinilai wajar",
                                "%",
                                "85 88 90 92 94 95",
                                "82.00",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "bappeda",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan kualitas perencanaan pembangunan dan akuntabilitas kinerja daerah",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya kualitas perencanaan dan akuntabilitas kinerja pemerintah "
                        "daerah",
                        "S4.1.1",
                        (
                            _ikd_iku(
                                "01", "IKD-09", "Nilai SAKIP Pemerintah Provinsi Kalimantan Utara"
                            ),
                            _iku(
                                "02",
                                "Persentase konsistensi program RKPD terhadap RPJMD",
                                "%",
                                "90 92 94 95 96 97",
                                "88.00",
                            ),
                            _iku(
                                "03",
                                "Persentase IKD yang mencapai target",
                                "%",
                                "70 72 75 78 80 82",
                                "66.67",
                            ),
                            _iku(
                                "04",
                                "Persentase Perangkat Daerah yang melaporkan realisasi kinerja "
                                "triwulan tepat waktu",
                                "%",
                                "60 70 80 85 90 95",
                                "45.00",
                                tipe=RR,
                                jenis="output",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya pemanfaatan hasil penelitian dan inovasi daerah",
                        "S4.1.2",
                        (
                            _iku(
                                "05",
                                "Indeks Inovasi Daerah",
                                "skor",
                                "40 45 50 55 60 65",
                                "35.20",
                                sumber_data="Kementerian Dalam Negeri (BSKDN)",
                            ),
                            _iku(
                                "06",
                                "Jumlah rekomendasi hasil penelitian yang dimanfaatkan Perangkat "
                                "Daerah",
                                "rekomendasi",
                                "6 8 8 10 10 12",
                                "5",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "inspektorat",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan kualitas pengawasan internal pemerintah daerah",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya kapabilitas APIP dan maturitas SPIP",
                        "S4.1.1",
                        (
                            _iku(
                                "01",
                                "Level maturitas SPIP",
                                "level",
                                "3.00 3.10 3.20 3.30 3.40 3.50",
                                "2.95",
                                sumber_data="Hasil penilaian BPKP",
                            ),
                            _iku(
                                "02",
                                "Level kapabilitas APIP",
                                "level",
                                "3 3 3 3 3 4",
                                "2",
                                sumber_data="Hasil penilaian BPKP",
                            ),
                            _iku(
                                "03",
                                "Persentase tindak lanjut rekomendasi hasil pemeriksaan BPK",
                                "%",
                                "78 82 86 89 92 95",
                                "74.60",
                                pola="tren",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya efektivitas pencegahan korupsi",
                        "S4.1.2",
                        (
                            _iku(
                                "04",
                                "Skor Monitoring Centre for Prevention (MCP) KPK",
                                "skor",
                                "75 80 83 86 88 90",
                                "71.30",
                            ),
                            _iku(
                                "05",
                                "Jumlah laporan hasil pengawasan yang diterbitkan",
                                "laporan",
                                "120 130 140 150 155 160",
                                "110",
                                tipe=K,
                                jenis="output",
                            ),
                            _iku(
                                "06",
                                "Persentase pengaduan masyarakat yang ditindaklanjuti",
                                "%",
                                "85 88 90 92 94 95",
                                "80.00",
                                tipe=RR,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "dinsos",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan kesejahteraan sosial dan menurunkan kemiskinan",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Menurunnya kemiskinan dan meningkatnya perlindungan sosial",
                        "S1.2.1",
                        (
                            _ikd_iku("01", "IKD-02"),
                            _iku(
                                "02",
                                "Persentase PMKS yang mendapatkan pelayanan dan rehabilitasi "
                                "sosial",
                                "%",
                                "60 65 70 75 80 85",
                                "55.00",
                                pola="akumulasi",
                                jenis="output",
                            ),
                            _iku(
                                "03",
                                "Persentase penerima bantuan sosial daerah yang tepat sasaran",
                                "%",
                                "85 87 89 91 93 95",
                                "82.00",
                            ),
                            _iku(
                                "04",
                                "Jumlah keluarga komunitas adat terpencil yang diberdayakan",
                                "KK",
                                "40 60 60 80 80 100",
                                "30",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
            TujuanDemo(
                "T.2",
                "Meningkatkan perlindungan sosial korban bencana",
                (
                    SasaranDemo(
                        "SS.2.1",
                        "Meningkatnya perlindungan sosial korban bencana",
                        "S3.1.2",
                        (
                            _iku(
                                "05",
                                "Persentase korban bencana yang menerima bantuan sosial pada "
                                "masa tanggap darurat",
                                "%",
                                "95 100 100 100 100 100",
                                "92.00",
                                tipe=RR,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "disnakertrans",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan kesempatan kerja, kualitas dan perlindungan tenaga kerja",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya penyerapan tenaga kerja",
                        "S2.1.3",
                        (
                            _ikd_iku("01", "IKD-12"),
                            _iku(
                                "02",
                                "Persentase pencari kerja terdaftar yang ditempatkan",
                                "%",
                                "35 38 41 44 47 50",
                                "32.10",
                                pola="akumulasi",
                            ),
                            _iku(
                                "03",
                                "Jumlah tenaga kerja yang mengikuti pelatihan berbasis kompetensi",
                                "orang",
                                "1200 1400 1600 1800 2000 2200",
                                "1000",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya perlindungan tenaga kerja dan pembangunan kawasan "
                        "transmigrasi",
                        "S2.1.3",
                        (
                            _iku(
                                "04",
                                "Persentase perusahaan yang menerapkan norma ketenagakerjaan "
                                "dan K3",
                                "%",
                                "60 63 66 69 72 75",
                                "57.80",
                                pola="tren",
                            ),
                            _iku(
                                "05",
                                "Persentase perselisihan hubungan industrial yang diselesaikan",
                                "%",
                                "80 82 84 86 88 90",
                                "76.00",
                                tipe=RR,
                            ),
                            _iku(
                                "06",
                                "Jumlah kepala keluarga transmigran yang difasilitasi",
                                "KK",
                                "100 100 150 150 200 200",
                                "80",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "dlh",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan kualitas lingkungan hidup",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya kualitas air, udara dan tutupan lahan",
                        "S3.1.1",
                        (
                            _ikd_iku("01", "IKD-10"),
                            _iku(
                                "02",
                                "Indeks Kualitas Air",
                                "indeks",
                                "52.00 53.00 54.00 55.00 56.00 57.00",
                                "51.20",
                            ),
                            _iku(
                                "03",
                                "Indeks Kualitas Udara",
                                "indeks",
                                "88.50 88.75 89.00 89.25 89.50 89.75",
                                "88.30",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya pengelolaan sampah dan ketaatan usaha terhadap "
                        "persetujuan lingkungan",
                        "S3.1.1",
                        (
                            _iku(
                                "04",
                                "Persentase sampah yang terkelola",
                                "%",
                                "60 65 70 75 80 85",
                                "55.40",
                                pola="tren",
                            ),
                            _iku(
                                "05",
                                "Persentase usaha/kegiatan yang taat terhadap persetujuan "
                                "lingkungan",
                                "%",
                                "70 73 76 79 82 85",
                                "67.50",
                            ),
                            _iku(
                                "06",
                                "Jumlah pengaduan pencemaran lingkungan yang ditindaklanjuti",
                                "kasus",
                                "20 24 28 30 32 35",
                                "18",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "dpmptsp",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan iklim investasi dan kualitas pelayanan perizinan",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya realisasi investasi",
                        "S2.1.2",
                        (
                            _ikd_iku("01", "IKD-14"),
                            _iku(
                                "02",
                                "Jumlah proyek investasi yang difasilitasi",
                                "proyek",
                                "12 14 16 18 20 22",
                                "10",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya kualitas pelayanan perizinan berusaha",
                        "S4.1.2",
                        (
                            _iku(
                                "03",
                                "Persentase perizinan yang diterbitkan tepat waktu sesuai SOP",
                                "%",
                                "90 92 94 95 96 97",
                                "87.50",
                                tipe=RR,
                                jenis="output",
                            ),
                            _iku(
                                "04",
                                "Indeks kepuasan masyarakat terhadap layanan perizinan",
                                "nilai",
                                "80.0 81.0 82.0 83.0 84.0 85.0",
                                "78.6",
                                tipe=RR,
                            ),
                            _iku(
                                "05",
                                "Persentase pengaduan layanan perizinan yang diselesaikan",
                                "%",
                                "85 88 90 92 94 95",
                                "82.00",
                                tipe=RR,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "dpkp",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan produksi dan kesejahteraan petani serta ketahanan pangan",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya produksi dan nilai tambah pertanian",
                        "S2.1.1",
                        (
                            _iku(
                                "01",
                                "Nilai Tukar Petani (NTP)",
                                "indeks",
                                "100.50 101.00 101.50 102.00 102.50 103.00",
                                "99.62",
                                tipe=RR,
                                sumber_data="BPS (NTP bulanan, dirata-rata per triwulan)",
                            ),
                            _iku(
                                "02",
                                "Produksi padi",
                                "ton GKG",
                                "38000 40000 42000 44000 46000 48000",
                                "36500",
                                tipe=K,
                            ),
                            _iku(
                                "03",
                                "Produksi daging ternak",
                                "ton",
                                "2400 2550 2700 2850 3000 3150",
                                "2300",
                                tipe=K,
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya ketahanan dan keamanan pangan",
                        "S2.1.1",
                        (
                            _iku(
                                "04",
                                "Skor Pola Pangan Harapan (PPH)",
                                "skor",
                                "84.0 85.5 87.0 88.5 90.0 91.5",
                                "82.7",
                            ),
                            _iku(
                                "05",
                                "Persentase desa rawan pangan",
                                "%",
                                "8.50 7.80 7.00 6.30 5.60 5.00",
                                "9.20",
                                polaritas="negatif",
                            ),
                            _iku(
                                "06",
                                "Indeks Ketahanan Pangan",
                                "indeks",
                                "70.0 71.5 73.0 74.5 76.0 77.5",
                                "68.9",
                                sumber_data="Badan Pangan Nasional",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    RenstraDemo(
        "rsud",
        2021,
        2026,
        (
            TujuanDemo(
                "T.1",
                "Meningkatkan mutu dan akses pelayanan kesehatan rujukan",
                (
                    SasaranDemo(
                        "SS.1.1",
                        "Meningkatnya mutu pelayanan rumah sakit",
                        "S1.1.2",
                        (
                            _iku(
                                "01",
                                "Status akreditasi rumah sakit",
                                "predikat",
                                "Utama Utama Utama Paripurna Paripurna Paripurna",
                                "Madya",
                                polaritas="kualitatif",
                                skala=SKALA_AKREDITASI_RS,
                                sumber_data="Sertifikat akreditasi lembaga independen",
                            ),
                            IkuDemo(
                                "IKU.02",
                                "Bed Occupancy Rate (BOR)",
                                "%",
                                _v("60 60 60 60 60 60"),
                                "58.40",
                                polaritas="rentang",
                                tipe=RR,
                                target_max=_v("85 85 85 85 85 85"),
                                formula="Hari perawatan / (tempat tidur × hari periode) × 100",
                            ),
                            IkuDemo(
                                "IKU.03",
                                "Average Length of Stay (ALOS)",
                                "hari",
                                _v("6 6 6 6 6 6"),
                                "5.20",
                                polaritas="rentang",
                                tipe=RR,
                                target_max=_v("9 9 9 9 9 9"),
                            ),
                            _iku(
                                "04",
                                "Gross Death Rate (GDR)",
                                "per 1.000 pasien keluar",
                                "40 38 36 34 32 30",
                                "45",
                                polaritas="negatif",
                                tipe=RR,
                            ),
                            _iku(
                                "05",
                                "Indeks kepuasan pasien",
                                "nilai",
                                "80 81 82 83 84 85",
                                "78.10",
                                tipe=RR,
                            ),
                        ),
                    ),
                    SasaranDemo(
                        "SS.1.2",
                        "Meningkatnya kemandirian keuangan BLUD",
                        "S4.1.1",
                        (
                            _iku(
                                "06",
                                "Cost recovery rate BLUD",
                                "%",
                                "65 68 71 74 77 80",
                                "61.80",
                            ),
                            _iku(
                                "07",
                                "Pendapatan BLUD",
                                "miliar rupiah",
                                "120.0 130.0 140.0 150.0 160.0 170.0",
                                "110.5",
                                tipe=K,
                                jenis="output",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# --- the other OPDs: sector IKU + the three common ones --------------------------------------

_TEMPLATED: tuple[RenstraDemo, ...] = (
    _templated(
        "setda",
        "Meningkatkan kualitas tata kelola pemerintahan dan reformasi birokrasi",
        "Meningkatnya kualitas reformasi birokrasi dan koordinasi penyelenggaraan pemerintahan",
        "S4.1.2",
        (
            _ikd_iku("01", "IKD-08", "Indeks Reformasi Birokrasi Pemerintah Provinsi"),
            _iku(
                "02", "Indeks Pelayanan Publik", "indeks", "3.50 3.60 3.70 3.85 4.00 4.10", "3.31"
            ),
            _iku(
                "03",
                "Persentase produk hukum daerah yang diselesaikan tepat waktu",
                "%",
                "85 87 89 91 93 95",
                "80.00",
                tipe=RR,
                jenis="output",
            ),
        ),
    ),
    _templated(
        "setwan",
        "Meningkatkan kualitas dukungan terhadap fungsi DPRD",
        "Meningkatnya dukungan administrasi dan keahlian bagi fungsi legislasi, anggaran dan "
        "pengawasan DPRD",
        "S4.1.2",
        (
            _iku(
                "01",
                "Persentase Raperda dalam Propemperda yang ditetapkan menjadi Perda",
                "%",
                "60 65 70 75 80 85",
                "55.00",
            ),
            _iku(
                "02",
                "Jumlah Peraturan Daerah yang ditetapkan",
                "perda",
                "6 7 8 8 8 9",
                "5",
                tipe=K,
                jenis="output",
            ),
            _iku(
                "03",
                "Persentase rekomendasi DPRD yang ditindaklanjuti",
                "%",
                "70 72 75 78 80 82",
                "68.00",
            ),
        ),
    ),
    _templated(
        "bapenda",
        "Meningkatkan kapasitas pendapatan daerah",
        "Meningkatnya pendapatan asli daerah",
        "S4.1.1",
        (
            _iku(
                "01",
                "Realisasi pendapatan asli daerah",
                "miliar rupiah",
                "720.0 780.0 840.0 900.0 960.0 1020.0",
                "668.4",
                tipe=K,
            ),
            _iku(
                "02",
                "Rasio PAD terhadap total pendapatan daerah",
                "%",
                "24.0 25.0 26.0 27.0 28.0 29.0",
                "22.6",
            ),
            _iku(
                "03",
                "Persentase kepatuhan wajib pajak kendaraan bermotor",
                "%",
                "70 72 74 76 78 80",
                "66.30",
                pola="tren",
            ),
        ),
    ),
    _templated(
        "bkd",
        "Meningkatkan profesionalitas aparatur sipil negara",
        "Meningkatnya profesionalitas dan penerapan sistem merit ASN",
        "S4.1.2",
        (
            _iku("01", "Indeks Profesionalitas ASN", "nilai", "66 68 70 72 74 76", "63.50"),
            _iku("02", "Nilai Indeks Sistem Merit", "poin", "250 265 280 295 310 325", "238"),
            _iku(
                "03",
                "Persentase layanan administrasi kepegawaian yang diselesaikan tepat waktu",
                "%",
                "85 88 90 92 94 95",
                "81.00",
                tipe=RR,
                jenis="output",
            ),
        ),
    ),
    _templated(
        "bpsdm",
        "Meningkatkan kompetensi aparatur sipil negara",
        "Meningkatnya kompetensi ASN Pemerintah Provinsi",
        "S4.1.2",
        (
            _iku(
                "01",
                "Persentase ASN yang memenuhi standar kompetensi jabatan",
                "%",
                "45 50 55 60 65",
                "41.20",
                pola="tren",
            ),
            _iku(
                "02",
                "Jumlah ASN yang mengikuti pengembangan kompetensi",
                "orang",
                "2500 2800 3000 3200 3400",
                "2200",
                tipe=K,
                jenis="output",
            ),
            _iku(
                "03",
                "Indeks kualitas penyelenggaraan pelatihan",
                "nilai",
                "85 86 87 88 89",
                "83.40",
                tipe=RR,
            ),
        ),
        tahun_awal=2022,
    ),
    _templated(
        "kesbangpol",
        "Meningkatkan kondusivitas politik dan ketahanan sosial",
        "Meningkatnya wawasan kebangsaan dan penanganan potensi konflik sosial",
        "S4.1.3",
        (
            _iku(
                "01",
                "Indeks Demokrasi Indonesia Provinsi Kalimantan Utara",
                "indeks",
                "78.00 78.50 79.00 79.50 80.00 80.50",
                "77.12",
                sumber_data="BPS",
            ),
            _iku(
                "02",
                "Persentase potensi konflik sosial yang tertangani",
                "%",
                "90 92 94 95 96 97",
                "88.00",
                tipe=RR,
            ),
            _iku(
                "03",
                "Jumlah peserta pendidikan wawasan kebangsaan",
                "orang",
                "800 900 1000 1100 1200 1300",
                "700",
                tipe=K,
                jenis="output",
            ),
        ),
    ),
    _templated(
        "bpbd",
        "Meningkatkan ketangguhan daerah dalam menghadapi bencana",
        "Menurunnya risiko bencana dan meningkatnya kecepatan penanganan darurat",
        "S3.1.2",
        (
            _iku(
                "01",
                "Indeks Risiko Bencana Provinsi",
                "indeks",
                "140.5 136.0 131.5 127.0 122.5 118.0",
                "144.6",
                polaritas="negatif",
                sumber_data="BNPB (IRBI)",
            ),
            _iku(
                "02",
                "Persentase desa tangguh bencana di kawasan rawan bencana",
                "%",
                "20 25 30 35 40 45",
                "15.50",
                pola="tren",
            ),
            _iku(
                "03",
                "Rata-rata waktu tanggap darurat bencana",
                "jam",
                "6.0 5.5 5.0 4.5 4.0 3.5",
                "6.5",
                polaritas="negatif",
                tipe=RR,
                jenis="output",
            ),
        ),
    ),
    _templated(
        "bpp",
        "Mempercepat pembangunan kawasan perbatasan negara",
        "Meningkatnya kualitas pembangunan kawasan perbatasan",
        "S5.1.3",
        (
            _iku(
                "01",
                "Persentase desa di kawasan perbatasan berstatus maju dan mandiri",
                "%",
                "12 15 18 21 24",
                "9.60",
                sumber_data="Indeks Desa Membangun (Kemendesa)",
            ),
            _iku(
                "02",
                "Jumlah lokasi prioritas perbatasan yang ditangani terpadu",
                "lokasi",
                "8 8 10 10 12",
                "6",
                tipe=K,
                jenis="output",
            ),
            _iku(
                "03",
                "Persentase rekomendasi koordinasi pengelolaan perbatasan yang ditindaklanjuti",
                "%",
                "60 65 70 75 80",
                "55.00",
            ),
        ),
        tahun_awal=2022,
    ),
    _templated(
        "satpolpp",
        "Meningkatkan ketenteraman dan ketertiban umum",
        "Meningkatnya penegakan Perda dan penanganan gangguan ketenteraman dan ketertiban umum",
        "S4.1.3",
        (
            _iku(
                "01",
                "Persentase penegakan Perda dan Perkada yang diselesaikan",
                "%",
                "75 78 81 84 87 90",
                "72.00",
                tipe=RR,
            ),
            _iku(
                "02",
                "Persentase gangguan ketenteraman dan ketertiban umum yang tertangani",
                "%",
                "90 92 94 95 96 97",
                "87.50",
                tipe=RR,
            ),
            _iku(
                "03",
                "Jumlah operasi penegakan Perda",
                "kali",
                "48 48 52 52 56 56",
                "44",
                tipe=K,
                jenis="output",
            ),
        ),
    ),
    _templated(
        "dp3ap2kb",
        "Meningkatkan kualitas hidup perempuan dan anak serta pengendalian penduduk",
        "Meningkatnya kesetaraan gender, perlindungan anak dan kualitas keluarga",
        "S1.2.2",
        (
            _iku(
                "01",
                "Indeks Pembangunan Gender (IPG)",
                "indeks",
                "86.20 86.50 86.80 87.10 87.40 87.70",
                "85.97",
                sumber_data="BPS",
            ),
            _iku(
                "02",
                "Persentase kasus kekerasan terhadap perempuan dan anak yang tertangani",
                "%",
                "90 92 94 96 98 100",
                "87.00",
                tipe=RR,
            ),
            _iku(
                "03",
                "Angka kelahiran total (Total Fertility Rate)",
                "anak per perempuan",
                "2.45 2.40 2.35 2.30 2.25 2.21",
                "2.53",
                polaritas="negatif",
                sumber_data="BKKBN / BPS",
            ),
        ),
    ),
    _templated(
        "dpmd",
        "Meningkatkan kemandirian desa dan kualitas administrasi kependudukan",
        "Meningkatnya status kemandirian desa dan cakupan dokumen kependudukan",
        "S1.2.1",
        (
            _iku(
                "01",
                "Jumlah desa berstatus mandiri",
                "desa",
                "12 20 30 42 55 70",
                "7",
                sumber_data="Indeks Desa Membangun (Kemendesa)",
            ),
            _iku(
                "02",
                "Rata-rata Indeks Desa Membangun",
                "indeks",
                "0.6300 0.6450 0.6600 0.6750 0.6900 0.7050",
                "0.6172",
            ),
            _iku(
                "03",
                "Persentase penduduk wajib KTP yang memiliki KTP elektronik",
                "%",
                "97.50 98.00 98.50 99.00 99.25 99.50",
                "96.80",
                pola="tren",
            ),
        ),
    ),
    _templated(
        "dishub",
        "Meningkatkan konektivitas dan keselamatan transportasi",
        "Meningkatnya kinerja pelayanan dan keselamatan transportasi antarwilayah",
        "S5.1.1",
        (
            _iku(
                "01",
                "Jumlah penumpang angkutan sungai dan penyeberangan",
                "orang",
                "420000 450000 480000 510000 540000 570000",
                "395000",
                tipe=K,
            ),
            _iku(
                "02",
                "Jumlah kejadian kecelakaan lalu lintas",
                "kejadian",
                "410 395 380 365 350 335",
                "428",
                polaritas="negatif",
                tipe=K,
                sumber_data="Ditlantas Polda Kaltara",
            ),
            _iku(
                "03",
                "Persentase simpul transportasi yang memenuhi standar pelayanan minimal",
                "%",
                "55 60 65 70 75 80",
                "50.00",
            ),
        ),
    ),
    _templated(
        "diskominfo",
        "Mewujudkan pemerintahan berbasis elektronik yang terpadu dan terbuka",
        "Meningkatnya kualitas SPBE, statistik sektoral dan keterbukaan informasi publik",
        "S4.1.2",
        (
            _iku(
                "01",
                "Indeks SPBE Pemerintah Provinsi",
                "indeks",
                "2.40 2.60 2.80 3.00 3.20 3.40",
                "2.18",
                sumber_data="Hasil evaluasi SPBE Kementerian PANRB",
            ),
            _iku(
                "02",
                "Persentase data statistik sektoral yang terpublikasi di portal Satu Data",
                "%",
                "40 50 60 70 80 90",
                "32.00",
                pola="tren",
                jenis="output",
            ),
            _iku(
                "03",
                "Nilai keterbukaan informasi publik",
                "nilai",
                "75 78 81 84 87 90",
                "72.50",
                sumber_data="Komisi Informasi",
            ),
        ),
    ),
    _templated(
        "dispora",
        "Meningkatkan peran pemuda dan prestasi olahraga",
        "Meningkatnya kualitas kepemudaan dan prestasi olahraga daerah",
        "S1.2.2",
        (
            _iku(
                "01",
                "Indeks Pembangunan Pemuda",
                "indeks",
                "52.00 53.50 55.00 56.50 58.00",
                "50.83",
            ),
            _iku(
                "02",
                "Jumlah medali atlet Kalimantan Utara pada kejuaraan tingkat nasional",
                "medali",
                "20 24 40 30 34",
                "18",
                tipe=K,
            ),
        ),
        tahun_awal=2022,
    ),
    _templated(
        "dpk",
        "Meningkatkan budaya literasi dan tertib arsip",
        "Meningkatnya kegemaran membaca dan kualitas pengelolaan arsip",
        "S1.1.1",
        (
            _iku(
                "01",
                "Nilai Tingkat Kegemaran Membaca",
                "nilai",
                "58.0 61.0 64.0 67.0 70.0",
                "55.2",
                sumber_data="Perpustakaan Nasional",
            ),
            _iku(
                "02",
                "Indeks Pembangunan Literasi Masyarakat",
                "nilai",
                "12.0 14.0 16.0 18.0 20.0",
                "10.4",
            ),
            _iku(
                "03",
                "Nilai hasil pengawasan kearsipan internal",
                "nilai",
                "70 73 76 79 82",
                "66.50",
                sumber_data="ANRI",
            ),
        ),
        tahun_awal=2022,
    ),
    _templated(
        "dkp",
        "Meningkatkan produksi dan kesejahteraan pelaku usaha kelautan dan perikanan",
        "Meningkatnya produksi perikanan tangkap dan budidaya",
        "S2.1.1",
        (
            _iku(
                "01",
                "Produksi perikanan tangkap dan budidaya",
                "ribu ton",
                "380.0 400.0 420.0 440.0 460.0 480.0",
                "362.5",
                tipe=K,
            ),
            _iku(
                "02",
                "Nilai Tukar Nelayan",
                "indeks",
                "102.00 103.00 104.00 105.00 106.00 107.00",
                "100.85",
                tipe=RR,
                sumber_data="BPS",
            ),
            _iku(
                "03",
                "Angka konsumsi ikan",
                "kg/kapita/tahun",
                "50.5 52.0 53.5 55.0 56.5 58.0",
                "49.3",
            ),
        ),
    ),
    _templated(
        "dispar",
        "Meningkatkan daya tarik dan kunjungan pariwisata",
        "Meningkatnya kunjungan wisatawan dan lama tinggal wisatawan",
        "S2.1.2",
        (
            _iku(
                "01",
                "Jumlah kunjungan wisatawan nusantara",
                "orang",
                "250000 300000 350000 400000 450000 500000",
                "230000",
                tipe=K,
            ),
            _iku(
                "02",
                "Jumlah kunjungan wisatawan mancanegara",
                "orang",
                "1000 3000 5000 7000 9000 11000",
                "1850",
                tipe=K,
            ),
            _iku(
                "03",
                "Rata-rata lama tinggal wisatawan",
                "hari",
                "1.80 1.90 2.00 2.10 2.20 2.30",
                "1.75",
                tipe=RR,
            ),
        ),
    ),
    _templated(
        "dishut",
        "Meningkatkan kelestarian hutan dan kesejahteraan masyarakat sekitar hutan",
        "Terjaganya tutupan hutan dan terkendalinya kebakaran hutan dan lahan",
        "S3.1.1",
        (
            _iku(
                "01",
                "Persentase tutupan hutan terhadap luas daratan",
                "%",
                "84.20 84.20 84.10 84.10 84.00 84.00",
                "84.35",
            ),
            _iku(
                "02",
                "Jumlah titik panas (hotspot)",
                "titik",
                "180 170 160 150 140 130",
                "195",
                polaritas="negatif",
                tipe=K,
                sumber_data="SiPongi KLHK",
            ),
            _iku(
                "03",
                "Luas rehabilitasi hutan dan lahan",
                "ha",
                "800 900 1000 1100 1200 1300",
                "750",
                tipe=K,
                jenis="output",
            ),
        ),
    ),
    _templated(
        "desdm",
        "Meningkatkan ketersediaan energi dan tata kelola pertambangan",
        "Meningkatnya akses energi listrik dan pengawasan pertambangan",
        "S5.1.2",
        (
            _iku(
                "01",
                "Rasio elektrifikasi",
                "%",
                "96.50 97.20 97.90 98.60 99.20 99.60",
                "95.80",
                pola="tren",
            ),
            _iku(
                "02",
                "Persentase desa berlistrik",
                "%",
                "92 94 96 97 98 99",
                "90.10",
                pola="tren",
            ),
            _iku(
                "03",
                "Persentase pemegang izin pertambangan batuan yang diawasi",
                "%",
                "60 65 70 75 80 85",
                "52.00",
                pola="akumulasi",
                jenis="output",
            ),
        ),
    ),
    _templated(
        "disperindagkop",
        "Meningkatkan daya saing industri, perdagangan, koperasi dan UKM",
        "Meningkatnya nilai tambah industri, stabilitas harga dan daya saing UMKM",
        "S2.1.2",
        (
            _iku(
                "01",
                "Harga rata-rata beras medium di tingkat konsumen",
                "rupiah/kg",
                "12500 12500 12800 13500 13500 13500",
                "12300",
                polaritas="stabil",
                tipe=RR,
                sumber_data="SP2KP Kementerian Perdagangan",
                formula="Rata-rata harga harian beras medium di pasar pantauan; setiap simpangan "
                "dari harga acuan memburuk (konsumen dan petani)",
            ),
            _iku(
                "02",
                "Pertumbuhan sektor industri pengolahan",
                "%",
                "3.0 3.5 4.0 4.5 5.0 5.5",
                "2.1",
                sumber_data="BPS (PDRB lapangan usaha)",
            ),
            _iku("03", "Persentase koperasi aktif", "%", "55 58 61 64 67 70", "51.30"),
            _iku(
                "04",
                "Jumlah UMKM yang naik kelas",
                "unit",
                "100 120 140 160 180 200",
                "85",
                tipe=K,
                jenis="output",
            ),
        ),
    ),
)

_BY_SCHEMA = {r.schema: r for r in (*_DETAIL, *_TEMPLATED)}
# In the order of OPDS (every OPD has exactly one Renstra; the tests check it).
RENSTRA: tuple[RenstraDemo, ...] = tuple(
    _BY_SCHEMA[opd.schema] for opd in OPDS if opd.schema in _BY_SCHEMA
)
RENSTRA_BY_SCHEMA: dict[str, RenstraDemo] = {r.schema: r for r in RENSTRA}
DETAIL_SCHEMAS: tuple[str, ...] = tuple(r.schema for r in _DETAIL)

# The year of the signed demo Perjanjian Kinerja.
TAHUN_PK = 2025
