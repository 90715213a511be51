"""Demo RPJMD Provinsi Kalimantan Utara 2021–2026 (Perda Provinsi Kalimantan Utara Nomor 5 Tahun
2021): visi, misi, tujuan, sasaran and the province's indicators (IKD and other sasaran
indicators) with baseline, yearly targets, final target and Bappeda's yearly realisasi.

ILLUSTRATIVE FIGURES. The structure follows the RPJMD and every number is close to the published
magnitudes for Kalimantan Utara (IPM ≈ 71–74, penduduk miskin ≈ 6–7 %, TPT ≈ 4–5 %, inflasi
around the national target band), but the wording is abridged and the figures are NOT the
official targets or BPS releases: do not quote them as such.

Pure data, no Django import. Values are strings (exact, parsed to Decimal by the seeder);
qualitative values are labels of the scale named in ``skala``. OPDs are named by their schema
in :mod:`kinerja.demo.data`.
"""

from __future__ import annotations

from typing import NamedTuple

TAHUN_AWAL = 2021
TAHUN_AKHIR = 2026
TAHUN: tuple[int, ...] = tuple(range(TAHUN_AWAL, TAHUN_AKHIR + 1))
# Years with a Bappeda realisasi (BPS-like releases): the running year 2026 has none yet.
TAHUN_REALISASI: tuple[int, ...] = tuple(range(TAHUN_AWAL, 2026))

# Qualitative scales: (nama, ((label, skor), …)), best first. "Opini BPK" mirrors
# kinerja.engine.SKALA_OPINI_BPK.
SKALA: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("Opini BPK", (("WTP", 4), ("WDP", 3), ("TW", 2), ("TMP", 1))),
    ("Akreditasi Rumah Sakit", (("Paripurna", 4), ("Utama", 3), ("Madya", 2), ("Dasar", 1))),
)
SKALA_OPINI_BPK = "Opini BPK"

PERIODE = {
    "nama": "RPJMD Provinsi Kalimantan Utara 2021–2026",
    "tahun_awal": TAHUN_AWAL,
    "tahun_akhir": TAHUN_AKHIR,
    "visi": "Terwujudnya Kalimantan Utara yang Berubah, Maju dan Sejahtera",
    "dasar_hukum": "Peraturan Daerah Provinsi Kalimantan Utara Nomor 5 Tahun 2021 tentang Rencana "
    "Pembangunan Jangka Menengah Daerah Tahun 2021–2026",
}


class Sasaran(NamedTuple):
    kode: str
    uraian: str


class Tujuan(NamedTuple):
    kode: str
    uraian: str
    sasaran: tuple[Sasaran, ...]


class Misi(NamedTuple):
    nomor: int
    uraian: str
    tujuan: tuple[Tujuan, ...]


MISI: tuple[Misi, ...] = (
    Misi(
        1,
        "Mewujudkan sumber daya manusia yang sehat, cerdas, berakhlak mulia, produktif dan "
        "berdaya saing",
        (
            Tujuan(
                "T1.1",
                "Meningkatkan kualitas sumber daya manusia yang sehat, cerdas dan berdaya saing",
                (
                    Sasaran("S1.1.1", "Meningkatnya akses dan mutu pendidikan"),
                    Sasaran("S1.1.2", "Meningkatnya derajat kesehatan masyarakat"),
                ),
            ),
            Tujuan(
                "T1.2",
                "Meningkatkan kesejahteraan sosial dan kualitas kehidupan bermasyarakat",
                (
                    Sasaran("S1.2.1", "Menurunnya kemiskinan dan ketimpangan pendapatan"),
                    Sasaran(
                        "S1.2.2",
                        "Meningkatnya kesetaraan gender, perlindungan anak, peran pemuda dan "
                        "pelestarian budaya",
                    ),
                ),
            ),
        ),
    ),
    Misi(
        2,
        "Mewujudkan pemerataan ekonomi wilayah yang berkelanjutan dengan mengoptimalkan potensi "
        "sumber daya alam, pertanian, perikanan, pariwisata dan industri",
        (
            Tujuan(
                "T2.1",
                "Meningkatkan pertumbuhan ekonomi yang inklusif dan berkelanjutan",
                (
                    Sasaran(
                        "S2.1.1",
                        "Meningkatnya produktivitas dan nilai tambah pertanian, perikanan dan "
                        "kehutanan",
                    ),
                    Sasaran(
                        "S2.1.2",
                        "Meningkatnya investasi, industri, perdagangan dan pariwisata daerah",
                    ),
                    Sasaran("S2.1.3", "Meningkatnya kesempatan kerja"),
                ),
            ),
        ),
    ),
    Misi(
        3,
        "Mewujudkan kualitas lingkungan hidup yang baik dan ketahanan terhadap bencana dengan "
        "memperhatikan kearifan lokal",
        (
            Tujuan(
                "T3.1",
                "Meningkatkan kualitas lingkungan hidup dan ketangguhan daerah terhadap bencana",
                (
                    Sasaran("S3.1.1", "Meningkatnya kualitas lingkungan hidup dan tutupan hutan"),
                    Sasaran("S3.1.2", "Meningkatnya ketangguhan daerah terhadap bencana"),
                ),
            ),
        ),
    ),
    Misi(
        4,
        "Mewujudkan tata kelola pemerintahan yang bersih, akuntabel dan pelayanan publik yang "
        "prima",
        (
            Tujuan(
                "T4.1",
                "Mewujudkan tata kelola pemerintahan yang bersih, akuntabel dan melayani",
                (
                    Sasaran(
                        "S4.1.1",
                        "Meningkatnya akuntabilitas kinerja dan kapasitas keuangan daerah",
                    ),
                    Sasaran(
                        "S4.1.2",
                        "Meningkatnya kualitas reformasi birokrasi dan pelayanan publik",
                    ),
                    Sasaran(
                        "S4.1.3",
                        "Meningkatnya ketenteraman, ketertiban umum dan kondusivitas daerah",
                    ),
                ),
            ),
        ),
    ),
    Misi(
        5,
        "Mewujudkan percepatan pembangunan infrastruktur yang berkualitas dan berkeadilan, "
        "terutama di wilayah perbatasan",
        (
            Tujuan(
                "T5.1",
                "Meningkatkan ketersediaan dan kualitas infrastruktur wilayah secara merata",
                (
                    Sasaran(
                        "S5.1.1", "Meningkatnya kemantapan jalan dan konektivitas antarwilayah"
                    ),
                    Sasaran(
                        "S5.1.2",
                        "Meningkatnya akses perumahan layak, air minum, sanitasi dan energi",
                    ),
                    Sasaran("S5.1.3", "Meningkatnya pembangunan kawasan perbatasan negara"),
                ),
            ),
        ),
    ),
)


class Indikator(NamedTuple):
    """An RPJMD indicator attached to a tujuan (kode ``T…``) or a sasaran (kode ``S…``)."""

    kode: str
    nama: str
    induk: str  # kode of the tujuan or sasaran it measures
    satuan: str
    polaritas: str  # kinerja.choices.Polaritas value
    aspek: str  # kinerja.choices.AspekIkd value; "" when not an IKD
    opd: str  # schema of the responsible OPD (kinerja.demo.data.OPDS)
    sumber_nilai: str  # "bappeda" (typed by Bappeda) or "iku" (rollup of linked IKU)
    kondisi_awal: str  # baseline 2020 (number or qualitative label)
    target: tuple[str, ...]  # one per TAHUN
    realisasi: tuple[str, ...] = ()  # one per TAHUN_REALISASI when sumber_nilai == "bappeda"
    target_max: tuple[str, ...] = ()  # upper bounds per TAHUN for polaritas "rentang"
    tipe_perhitungan: str = "posisi_akhir"
    jenis: str = "outcome"
    sumber_data: str = "BPS Provinsi Kalimantan Utara"
    bidang_urusan: str = ""
    formula: str = ""
    skala: str = ""  # SkalaKualitatif nama for polaritas "kualitatif"

    @property
    def is_ikd(self) -> bool:
        return bool(self.aspek)

    @property
    def target_akhir(self) -> str:
        return self.target[-1]


def _v(values: str) -> tuple[str, ...]:
    return tuple(values.split())


KESEJAHTERAAN = "kesejahteraan_masyarakat"
PELAYANAN_UMUM = "pelayanan_umum"
DAYA_SAING = "daya_saing_daerah"

INDIKATOR: tuple[Indikator, ...] = (
    # --- IKD, aspek kesejahteraan masyarakat ---------------------------------------------
    Indikator(
        "IKD-01",
        "Indeks Pembangunan Manusia (IPM)",
        "T1.1",
        "poin",
        "positif",
        KESEJAHTERAAN,
        "bappeda",
        "bappeda",
        "70.63",
        _v("71.00 71.50 72.00 72.50 73.00 73.50"),
        _v("71.19 71.83 72.88 73.51 74.05"),
        jenis="impact",
        formula="Rata-rata geometrik indeks kesehatan, pendidikan dan pengeluaran (metode BPS)",
    ),
    Indikator(
        "IKD-02",
        "Persentase penduduk miskin",
        "S1.2.1",
        "%",
        "negatif",
        KESEJAHTERAAN,
        "dinsos",
        "bappeda",
        "7.41",
        _v("7.20 6.90 6.60 6.30 6.00 5.70"),
        _v("6.83 6.86 6.45 6.03 5.84"),
        jenis="impact",
        formula="Penduduk di bawah garis kemiskinan / jumlah penduduk × 100 (Susenas)",
    ),
    Indikator(
        "IKD-03",
        "Indeks Gini (gini ratio)",
        "S1.2.1",
        "indeks",
        "negatif",
        KESEJAHTERAAN,
        "bappeda",
        "bappeda",
        "0.293",
        _v("0.290 0.288 0.286 0.284 0.282 0.280"),
        _v("0.287 0.272 0.278 0.275 0.271"),
        jenis="impact",
    ),
    Indikator(
        "IKD-04",
        "Laju pertumbuhan ekonomi",
        "T2.1",
        "%",
        "positif",
        KESEJAHTERAAN,
        "bappeda",
        "bappeda",
        "-1.09",
        _v("3.50 4.50 5.00 5.25 5.50 5.75"),
        _v("3.98 5.34 4.94 4.63 4.82"),
        jenis="impact",
        formula="(PDRB ADHK tahun t − PDRB ADHK tahun t−1) / PDRB ADHK tahun t−1 × 100",
    ),
    Indikator(
        "IKD-05",
        "Tingkat inflasi (y-o-y, Desember)",
        "S2.1.2",
        "%",
        "rentang",
        KESEJAHTERAAN,
        "disperindagkop",
        "bappeda",
        "1.41",
        _v("2.00 2.00 2.00 1.50 1.50 1.50"),
        _v("2.29 5.56 3.08 1.84 2.10"),
        target_max=_v("4.00 4.00 4.00 3.50 3.50 3.50"),
        bidang_urusan="Perdagangan",
        formula="Perubahan IHK Desember tahun t terhadap Desember tahun t−1 (sasaran 3±1 %, "
        "2,5±1 % mulai 2024)",
    ),
    # --- IKD, aspek pelayanan umum --------------------------------------------------------
    Indikator(
        "IKD-06",
        "Angka kematian ibu",
        "S1.1.2",
        "per 100.000 kelahiran hidup",
        "negatif",
        PELAYANAN_UMUM,
        "dinkes",
        "iku",
        "232",
        _v("225 215 205 195 185 175"),
        sumber_data="Dinas Kesehatan (laporan rutin kematian ibu)",
        bidang_urusan="Kesehatan",
    ),
    Indikator(
        "IKD-07",
        "Opini BPK atas Laporan Keuangan Pemerintah Daerah",
        "S4.1.1",
        "opini",
        "kualitatif",
        PELAYANAN_UMUM,
        "bpkad",
        "iku",
        "WTP",
        _v("WTP WTP WTP WTP WTP WTP"),
        sumber_data="LHP BPK RI Perwakilan Kalimantan Utara",
        bidang_urusan="Keuangan",
        skala=SKALA_OPINI_BPK,
    ),
    Indikator(
        "IKD-08",
        "Indeks Reformasi Birokrasi",
        "S4.1.2",
        "nilai",
        "positif",
        PELAYANAN_UMUM,
        "setda",
        "bappeda",
        "61.25",
        _v("63.00 65.00 67.00 69.00 71.00 73.00"),
        _v("63.41 65.12 66.75 69.30 70.85"),
        sumber_data="Hasil evaluasi RB Kementerian PANRB",
        bidang_urusan="Administrasi Pemerintahan",
    ),
    Indikator(
        "IKD-09",
        "Nilai Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP)",
        "S4.1.1",
        "nilai",
        "positif",
        PELAYANAN_UMUM,
        "bappeda",
        "bappeda",
        "63.52",
        _v("64.00 65.50 67.00 68.50 70.00 71.50"),
        _v("64.25 65.78 66.10 68.90 70.12"),
        sumber_data="Hasil evaluasi SAKIP Kementerian PANRB",
        bidang_urusan="Perencanaan",
    ),
    Indikator(
        "IKD-10",
        "Indeks Kualitas Lingkungan Hidup (IKLH)",
        "S3.1.1",
        "indeks",
        "positif",
        PELAYANAN_UMUM,
        "dlh",
        "bappeda",
        "79.85",
        _v("78.50 79.00 79.50 80.00 80.50 81.00"),
        _v("79.10 79.86 78.92 80.31 80.74"),
        sumber_data="Kementerian Lingkungan Hidup dan Kehutanan",
        bidang_urusan="Lingkungan Hidup",
    ),
    # --- IKD, aspek daya saing daerah -----------------------------------------------------
    Indikator(
        "IKD-11",
        "PDRB per kapita atas dasar harga berlaku",
        "S2.1.2",
        "juta rupiah",
        "positif",
        DAYA_SAING,
        "bappeda",
        "bappeda",
        "148.61",
        _v("152.00 158.00 164.00 170.00 176.00 182.00"),
        _v("165.47 198.32 201.15 206.80 213.40"),
    ),
    Indikator(
        "IKD-12",
        "Tingkat Pengangguran Terbuka (TPT)",
        "S2.1.3",
        "%",
        "negatif",
        DAYA_SAING,
        "disnakertrans",
        "bappeda",
        "4.97",
        _v("4.80 4.60 4.40 4.20 4.00 3.80"),
        _v("4.58 4.33 4.01 4.05 3.92"),
        bidang_urusan="Tenaga Kerja",
        formula="Pengangguran / angkatan kerja × 100 (Sakernas Agustus)",
    ),
    Indikator(
        "IKD-13",
        "Persentase jalan provinsi dalam kondisi mantap",
        "S5.1.1",
        "%",
        "positif",
        DAYA_SAING,
        "dpupr",
        "iku",
        "64.80",
        _v("66.00 68.00 70.00 72.00 74.00 76.00"),
        sumber_data="DPUPR-PERKIM (survei kondisi jalan)",
        bidang_urusan="Pekerjaan Umum",
        formula="Panjang jalan provinsi kondisi baik dan sedang / panjang jalan provinsi × 100",
    ),
    Indikator(
        "IKD-14",
        "Realisasi investasi PMA dan PMDN",
        "S2.1.2",
        "triliun rupiah",
        "positif",
        DAYA_SAING,
        "dpmptsp",
        "iku",
        "3.21",
        _v("4.00 5.00 6.00 7.50 9.00 10.50"),
        tipe_perhitungan="kumulatif",
        sumber_data="Sistem OSS / LKPM Kementerian Investasi",
        bidang_urusan="Penanaman Modal",
    ),
    # --- Other sasaran indicators (not IKD) -----------------------------------------------
    Indikator(
        "ISD-01",
        "Rata-rata lama sekolah",
        "S1.1.1",
        "tahun",
        "positif",
        "",
        "disdikbud",
        "bappeda",
        "9.20",
        _v("9.25 9.32 9.40 9.48 9.56 9.64"),
        _v("9.24 9.31 9.36 9.44 9.51"),
        bidang_urusan="Pendidikan",
    ),
    Indikator(
        "ISD-02",
        "Angka Partisipasi Murni SMA/SMK/sederajat",
        "S1.1.1",
        "%",
        "positif",
        "",
        "disdikbud",
        "bappeda",
        "66.80",
        _v("67.50 68.50 69.50 70.50 71.50 72.50"),
        _v("67.91 68.45 69.80 70.62 71.30"),
        bidang_urusan="Pendidikan",
    ),
    Indikator(
        "ISD-03",
        "Usia harapan hidup",
        "S1.1.2",
        "tahun",
        "positif",
        "",
        "dinkes",
        "bappeda",
        "72.95",
        _v("73.10 73.30 73.50 73.70 73.90 74.10"),
        _v("73.21 73.48 74.26 74.47 74.68"),
        bidang_urusan="Kesehatan",
    ),
    Indikator(
        "ISD-04",
        "Prevalensi balita stunting",
        "S1.1.2",
        "%",
        "negatif",
        "",
        "dinkes",
        "bappeda",
        "27.50",
        _v("26.50 23.50 20.50 17.50 15.00 14.00"),
        _v("27.20 22.10 17.40 16.20 15.10"),
        sumber_data="SSGI / SKI Kementerian Kesehatan",
        bidang_urusan="Kesehatan",
    ),
    Indikator(
        "ISD-05",
        "Nilai Tukar Petani (NTP)",
        "S2.1.1",
        "indeks",
        "positif",
        "",
        "dpkp",
        "bappeda",
        "99.62",
        _v("100.50 101.00 101.50 102.00 102.50 103.00"),
        _v("101.24 103.87 106.12 108.35 109.02"),
        bidang_urusan="Pertanian",
    ),
    Indikator(
        "ISD-06",
        "Indeks Pembangunan Gender (IPG)",
        "S1.2.2",
        "indeks",
        "positif",
        "",
        "dp3ap2kb",
        "bappeda",
        "85.97",
        _v("86.20 86.50 86.80 87.10 87.40 87.70"),
        _v("86.31 86.57 86.92 87.26 87.51"),
        bidang_urusan="Pemberdayaan Perempuan dan Perlindungan Anak",
    ),
)


def tujuan_kode() -> set[str]:
    return {t.kode for m in MISI for t in m.tujuan}


def sasaran_kode() -> set[str]:
    return {s.kode for m in MISI for t in m.tujuan for s in t.sasaran}


def ikd_by_kode() -> dict[str, Indikator]:
    return {i.kode: i for i in INDIKATOR if i.is_ikd}


def sasaran_of_tujuan() -> dict[str, set[str]]:
    return {t.kode: {s.kode for s in t.sasaran} for m in MISI for t in m.tujuan}
