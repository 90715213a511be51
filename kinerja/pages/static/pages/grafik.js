/* Draws the target vs realisasi charts of the public pages with Chart.js (static/vendor, from
 * npm; never a CDN). Each <canvas data-grafik="ID"> reads its numbers from the JSON script
 * element ID, the same numbers as the table printed after it. Without Chart.js the canvas stays
 * hidden and the table is the view. Series differ by line style and point shape too, so colour
 * is not the only way to tell them apart. */
(function () {
  "use strict";

  var GAYA = {
    target: { warna: "#0b4f8a", garis: [], titik: "circle" },
    target_max: { warna: "#6a3d9a", garis: [6, 4], titik: "triangle" },
    realisasi: { warna: "#b35900", garis: [], titik: "rectRot" },
  };
  var FORMAT = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 4 });

  function angka(v) {
    return v === null || v === undefined ? "—" : FORMAT.format(v);
  }

  function gambar(kanvas) {
    var sumber = document.getElementById(kanvas.getAttribute("data-grafik"));
    if (!sumber || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(sumber.textContent);
    var batang = data.jenis === "bar";
    var datasets = data.seri.map(function (s) {
      var gaya = GAYA[s.kunci] || GAYA.target;
      return {
        label: s.nama,
        data: s.data,
        borderColor: gaya.warna,
        backgroundColor: batang ? gaya.warna : gaya.warna + "33",
        borderDash: gaya.garis,
        borderWidth: 2,
        pointStyle: gaya.titik,
        pointRadius: 5,
        spanGaps: false,
      };
    });
    kanvas.parentElement.hidden = false;
    new window.Chart(kanvas, {
      type: batang ? "bar" : "line",
      data: { labels: data.label, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: "id-ID",
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ": " + angka(ctx.parsed.y) + (data.satuan ? " " + data.satuan : "");
              },
            },
          },
        },
        scales: {
          y: {
            beginAtZero: batang,
            title: { display: !!data.satuan, text: data.satuan },
            ticks: { callback: function (v) { return angka(v); } },
          },
        },
      },
    });
  }

  function mulai() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-grafik]"), gambar);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mulai);
  } else {
    mulai();
  }
})();
