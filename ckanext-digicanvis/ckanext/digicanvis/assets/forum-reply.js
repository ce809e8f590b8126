/* "Reply" and "Quote" under a forum message fill the reply form's hidden fields: which
 * message the reply answers (data-parent) and which one it quotes (data-quote, may be empty).
 * A module instead of inline handlers, so the Content-Security-Policy allows no inline script.
 */
this.ckan.module('digicanvis-reply-links', function ($) {
  return {
    initialize: function () {
      this.el.on('click', 'a[data-parent]', function () {
        $('#field-parent').val(this.getAttribute('data-parent'));
        $('#field-quote').val(this.getAttribute('data-quote') || '');
      });
    }
  };
});
