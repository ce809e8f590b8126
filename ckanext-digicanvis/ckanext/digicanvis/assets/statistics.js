/* A chart of one of the dashboard's tables (Chart.js from npm, served as a CKAN asset).
 *
 * The table is the source: labels from its row headers, one series per column listed in
 * `series` (their column headers name them), values from each cell's data-value. So the
 * chart and the accessible table can never disagree.
 *
 * Options (data-module-*): type (bar: horizontal, column: vertical, line), table (the table's id), series ("1" or "1,2,3").
 * After drawing, the element carries data-drawn="<number of points>".
 */
this.ckan.module('digicanvis-chart', function ($) {
  var PALETTE = ['#1f5f8b', '#e07b00', '#2a9d8f', '#b5179e', '#6a994e', '#7b2cbf'];

  return {
    options: { type: 'bar', table: null, series: '1' },

    initialize: function () {
      var table = document.getElementById(this.options.table);
      if (!table || typeof Chart === 'undefined') return;
      var columns = String(this.options.series).split(',').map(Number);
      var headers = table.querySelectorAll('thead th');
      var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
      var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
      var horizontal = this.options.type === 'bar';
      var datasets = columns.map(function (column, index) {
        var colour = PALETTE[index % PALETTE.length];
        return {
          label: headers[column] ? headers[column].textContent.trim() : '',
          data: rows.map(function (row) { return Number(row.cells[column].getAttribute('data-value')) || 0; }),
          backgroundColor: colour,
          borderColor: colour,
          tension: 0
        };
      });
      var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      this.chart = new Chart(this.el.find('canvas')[0], {
        type: this.options.type === 'line' ? 'line' : 'bar',
        data: { labels: labels, datasets: datasets },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          responsive: true,
          maintainAspectRatio: false,
          animation: reduced ? false : { duration: 300 },
          plugins: { legend: { display: datasets.length > 1 } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
        }
      });
      this.el.attr('data-drawn', labels.length);
    },

    teardown: function () {
      if (this.chart) this.chart.destroy();
    }
  };
});
