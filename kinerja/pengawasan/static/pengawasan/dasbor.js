/* Charts of the Bappeda dashboard. Data: the JSON of json_script "dasbor-grafik" (the same
   numbers as the tables next to each chart). Chart.js is served from static/vendor (installed
   by `make install` from npm); without it the charts are hidden and the tables stay open. */
(function () {
  "use strict";

  var angka = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });

  function siap(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function tanpaGrafik() {
    document.querySelectorAll("[data-grafik]").forEach(function (el) { el.hidden = true; });
    document.querySelectorAll("details.dasbor-tabel").forEach(function (el) { el.open = true; });
    var catatan = document.getElementById("grafik-tidak-tersedia");
    if (catatan) catatan.hidden = false;
  }

  function buat(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return null;
    return new window.Chart(canvas, config);
  }

  function sumbuPersen(judul) {
    return {
      beginAtZero: true,
      title: { display: true, text: judul },
      ticks: { callback: function (v) { return angka.format(v); } }
    };
  }

  siap(function () {
    var el = document.getElementById("dasbor-grafik");
    if (!el) return;
    if (typeof window.Chart === "undefined") { tanpaGrafik(); return; }
    var g = JSON.parse(el.textContent);
    var Chart = window.Chart;
    Chart.defaults.locale = "id-ID";
    Chart.defaults.maintainAspectRatio = false;

    // Detail tables start folded once the chart is there (still one click away).
    document.querySelectorAll("details.dasbor-tabel:not(.dasbor-tabel--tetap)").forEach(function (d) { d.open = false; });

    if (g.status.nilai.length) {
      buat("grafik-status", {
        type: "doughnut",
        data: {
          labels: g.status.labels,
          datasets: [{ data: g.status.nilai, backgroundColor: g.status.warna }]
        },
        options: { plugins: { legend: { position: "right" } } }
      });
    }

    buat("grafik-keterlambatan", {
      type: "bar",
      data: {
        labels: g.keterlambatan.labels,
        datasets: [
          { label: "OPD terlambat", data: g.keterlambatan.opd_terlambat, backgroundColor: "#c62828" },
          { label: "OPD dikembalikan", data: g.keterlambatan.opd_dikembalikan, backgroundColor: "#e8772e" }
        ]
      },
      options: {
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Jumlah OPD" } } },
        plugins: {
          tooltip: {
            callbacks: {
              afterLabel: function (ctx) {
                var iku = ctx.datasetIndex === 0 ? g.keterlambatan.iku_terlambat : g.keterlambatan.iku_dikembalikan;
                return iku[ctx.dataIndex] + " IKU";
              }
            }
          }
        }
      }
    });

    var wadah = document.querySelector(".dasbor-grafik--peringkat");
    if (wadah) {
      var n = g.peringkat.labels.length;
      if (!n) { wadah.hidden = true; } else {
        wadah.style.height = Math.max(8, 2 + n * 1.6) + "rem";
        buat("grafik-peringkat", {
          type: "bar",
          data: {
            labels: g.peringkat.labels,
            datasets: [{ label: "Rata-rata capaian (%)", data: g.peringkat.nilai, backgroundColor: g.peringkat.warna }]
          },
          options: {
            indexAxis: "y",
            scales: { x: sumbuPersen("Rata-rata capaian (%)") },
            plugins: {
              legend: { display: false },
              tooltip: {
                callbacks: {
                  label: function (ctx) { return angka.format(ctx.parsed.x) + "%"; },
                  afterLabel: function (ctx) { return g.peringkat.predikat[ctx.dataIndex]; }
                }
              }
            }
          }
        });
      }
    }

    g.aspek.forEach(function (a, i) {
      if (!a.nilai.some(function (v) { return v !== null; })) return;
      buat("grafik-aspek-" + i, {
        type: "bar",
        data: {
          labels: a.labels,
          datasets: [{ label: "Capaian (%)", data: a.nilai, backgroundColor: a.warna }]
        },
        options: {
          scales: { y: sumbuPersen("Capaian (%)") },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                title: function (items) { var k = items[0].dataIndex; return a.labels[k] + " " + a.nama[k]; },
                label: function (ctx) { return angka.format(ctx.parsed.y) + "%"; },
                afterLabel: function (ctx) { return a.predikat[ctx.dataIndex]; }
              }
            }
          }
        }
      });
    });
  });
})();
