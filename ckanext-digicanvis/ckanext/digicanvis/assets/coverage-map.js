/* The coverage map of the statistics dashboard: every municipality of Catalonia coloured by
 * its projects (its own, and those of its comarcal council or diputació on its behalf).
 *
 * Options (data-module-*):
 *   boundaries   TopoJSON of the municipalities (IGN via es-atlas, built by scripts/install.sh)
 *   source       /statistics/coverage.json with the page's filters: {municipalities: {ine: {...}}}
 *   tiles, attribution, boundaries-attribution
 *
 * Names reach the page only as text (tooltips and the legend are DOM nodes, never HTML
 * strings). After drawing, the element carries data-municipalities="<n>".
 */
this.ckan.module('digicanvis-coverage-map', function ($) {
  // [lowest own+on-behalf count, colour, legend key]; own projects in greens, only on behalf in blue.
  var NONE = '#f2f2f2', ON_BEHALF = '#9ecae1';
  var OWN = [[1, '#a1d99b'], [2, '#41ab5d'], [4, '#006d2c']];

  function colour(entry) {
    if (!entry || (!entry.own && !entry.on_behalf)) return NONE;
    if (!entry.own) return ON_BEHALF;
    var chosen = OWN[0][1];
    OWN.forEach(function (step) { if (entry.own >= step[0]) chosen = step[1]; });
    return chosen;
  }

  function textElement(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  return {
    options: { boundaries: null, source: null, tiles: '', attribution: '', boundariesAttribution: '' },

    initialize: function () {
      this.map = L.map(this.el[0], { scrollWheelZoom: false, maxZoom: 12, zoomSnap: 0.25 }).setView([41.7, 1.6], 7);
      if (typeof this.options.tiles === 'string' && this.options.tiles) {
        L.tileLayer(this.options.tiles, { attribution: this.options.attribution, maxZoom: 12, opacity: 0.5 }).addTo(this.map);
      }
      this.map.attributionControl.addAttribution(String(this.options.boundariesAttribution || ''));
      var module = this;
      Promise.all([this._json(this.options.boundaries), this._json(this.options.source)])
        .then(function (loaded) { module._draw(loaded[0], loaded[1]); })
        .catch(function () { module.el.attr('data-municipalities', 0); });
    },

    _json: function (url) {
      return fetch(url, { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    },

    _draw: function (topology, coverage) {
      var counts = coverage.municipalities || {};
      var labels = coverage.labels || {};
      var shapes = topojson.feature(topology, topology.objects.municipalities).features.filter(function (shape) {
        return Object.prototype.hasOwnProperty.call(counts, shape.id);
      });
      var layer = L.geoJSON({ type: 'FeatureCollection', features: shapes }, {
        style: function (shape) {
          return { color: '#666', weight: 0.4, fillColor: colour(counts[shape.id]), fillOpacity: 0.85 };
        },
        onEachFeature: function (shape, path) {
          var entry = counts[shape.id];
          var tip = document.createElement('div');
          tip.appendChild(textElement('strong', entry.name));
          tip.appendChild(textElement('div', entry.own + ' ' + labels.own));
          tip.appendChild(textElement('div', entry.on_behalf + ' ' + labels.on_behalf));
          path.bindTooltip(tip, { sticky: true });
        }
      }).addTo(this.map);
      this.map.invalidateSize();
      if (shapes.length) this.map.fitBounds(layer.getBounds(), { animate: false });
      this._legend(labels);
      this.el.attr('data-municipalities', shapes.length);
    },

    _legend: function (labels) {
      var legend = L.control({ position: 'bottomright' });
      legend.onAdd = function () {
        var box = L.DomUtil.create('div', 'digicanvis-coverage-legend');
        var rows = [[NONE, labels.none], [ON_BEHALF, labels.only_on_behalf]];
        OWN.forEach(function (step, index) {
          var next = OWN[index + 1];
          var range = next && next[0] - 1 > step[0] ? step[0] + '–' + (next[0] - 1) : (next ? String(step[0]) : step[0] + '+');
          rows.push([step[1], range + ' ' + labels.own]);
        });
        rows.forEach(function (row) {
          var line = textElement('div', '');
          var swatch = textElement('span', '', 'digicanvis-coverage-swatch');
          swatch.style.backgroundColor = row[0];
          line.appendChild(swatch);
          line.appendChild(document.createTextNode(' ' + row[1]));
          box.appendChild(line);
        });
        return box;
      };
      legend.addTo(this.map);
    }
  };
});
