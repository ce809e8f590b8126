/* Projects on a map: markers from a GeoJSON source, clustered, each with a popup.
 *
 * Options (data-module-*):
 *   source        GeoJSON URL of the projects (for a search: with the search's parameters;
 *                 an htmx search update swaps in a new map element with the new source)
 *   tiles         tile URL template; empty: no background tiles (offline)
 *   attribution   attribution text of the tiles
 *   pin-lat, pin-lon, pin-label   a distinct marker for a place (a local body)
 *
 * After loading, the element carries data-markers="<n>" (for tests and screen readers).
 */
this.ckan.module('digicanvis-map', function ($) {
  return {
    options: {
      source: null, tiles: '', attribution: '',
      pinLat: null, pinLon: null, pinLabel: ''
    },

    initialize: function () {
      // CKAN initialises modules again in content htmx swaps in; a map element keeps its map.
      if (this.el.data('digicanvis-map-ready')) return;
      this.el.data('digicanvis-map-ready', true);
      // maxZoom on the map itself: marker clusters need it even when no tile layer sets it.
      this.map = L.map(this.el[0], { scrollWheelZoom: false, maxZoom: 18 }).setView([41.7, 1.8], 7);
      // An empty data attribute reaches the module as `true`: only a string is a tile URL.
      if (typeof this.options.tiles === 'string' && this.options.tiles) {
        L.tileLayer(this.options.tiles, { attribution: this.options.attribution, maxZoom: 18 }).addTo(this.map);
      }
      this.clusters = L.markerClusterGroup({ showCoverageOnHover: false });
      this.map.addLayer(this.clusters);
      this._addPin();
      this._load();
    },

    _addPin: function () {
      if (this.options.pinLat === null || this.options.pinLon === null) return;
      this.pin = L.circleMarker([this.options.pinLat, this.options.pinLon], {
        radius: 10, color: '#b3001b', weight: 3, fillColor: '#ffffff', fillOpacity: 1
      }).bindTooltip(this._text(this.options.pinLabel), { permanent: false }).addTo(this.map);
      this.map.setView(this.pin.getLatLng(), 10, { animate: false });
    },

    _load: function () {
      if (!this.options.source) return;
      var module = this;
      fetch(this.options.source, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
        .then(function (response) { return response.ok ? response.json() : { features: [] }; })
        .then(function (collection) { module._show(collection); })
        .catch(function () { module._show({ features: [] }); });
    },

    _show: function (collection) {
      var module = this;
      this.clusters.clearLayers();
      var markers = collection.features.map(function (feature) {
        var coordinates = feature.geometry.coordinates;
        return L.marker([coordinates[1], coordinates[0]], {
          icon: L.divIcon({ className: 'digicanvis-marker', html: '<span></span>', iconSize: [16, 16] }),
          title: feature.properties.title
        }).bindPopup(module._popup(feature.properties));
      });
      this.clusters.addLayers(markers);
      this.el.attr('data-markers', markers.length);
      // The map's size may have been read before its stylesheet applied: measure again.
      this.map.invalidateSize();
      var bounds = this.clusters.getBounds();
      if (this.pin) bounds.extend(this.pin.getLatLng());
      if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 11, animate: false });
    },

    // Leaflet inserts a string tooltip or popup as HTML: hand it nodes, since labels, titles
    // and names come from users.
    _text: function (value) {
      var span = document.createElement('span');
      span.textContent = String(value);
      return span;
    },

    _popup: function (properties) {
      var box = document.createElement('div');
      var link = document.createElement('a');
      link.href = properties.url;
      link.textContent = properties.title;
      box.appendChild(link);
      [properties.body, properties.area, properties.distance].forEach(function (line) {
        if (!line) return;
        var row = document.createElement('div');
        row.textContent = line;
        box.appendChild(row);
      });
      return box;
    }
  };
});
