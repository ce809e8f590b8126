/* "Near me" for readers without a local body of their own: the browser's position fills
 * the "near" field as latitude,longitude and the search runs.
 *
 * Options: target - selector of the input to fill.
 */
this.ckan.module('digicanvis-near-me', function ($) {
  return {
    options: { target: null },

    initialize: function () {
      if (!navigator.geolocation) {
        this.el.prop('disabled', true);
        return;
      }
      this.el.on('click', this._locate.bind(this));
    },

    _locate: function () {
      var input = $(this.options.target);
      var button = this.el;
      button.prop('disabled', true);
      navigator.geolocation.getCurrentPosition(function (position) {
        input.val(position.coords.latitude.toFixed(4) + ',' + position.coords.longitude.toFixed(4));
        button.prop('disabled', false);
        input.closest('form').trigger('submit');
      }, function () {
        button.prop('disabled', false);
      }, { timeout: 10000 });
    }
  };
});
