/* A running spreadsheet import's page follows the import without reloading itself: every two
 * seconds it fetches its own address and swaps in the new progress (and, once the import has
 * ended, the report). A <meta http-equiv="refresh"> did this before, but a page that reloads
 * on its own moves the reader and the keyboard focus back to the top (WCAG 2.2.1, 3.2.5).
 */
this.ckan.module('digicanvis-import-progress', function ($) {
  return {
    options: { interval: 2000 },

    initialize: function () {
      this._next();
    },

    _next: function () {
      window.setTimeout(this._poll.bind(this), this.options.interval);
    },

    _poll: function () {
      var module = this;
      fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null) module._update(html); else module._next(); })
        .catch(function () { module._next(); });
    },

    // The page comes from this site and was escaped when rendered; only its progress part is
    // taken, as nodes.
    _update: function (html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(this.el.attr('id'));
      if (!fresh) return this._next();
      var status = this.el.find('[role=status]')[0];
      var freshStatus = fresh.querySelector('[role=status]');
      // The live region stays in place (screen readers announce its new text); the rest follows.
      if (status && freshStatus) status.replaceChildren.apply(status, Array.from(freshStatus.childNodes));
      Array.from(this.el[0].children).forEach(function (child) { if (child !== status) child.remove(); });
      Array.from(fresh.children).forEach(function (child) {
        if (!child.matches('[role=status]')) this.el[0].appendChild(document.importNode(child, true));
      }, this);
      if (fresh.getAttribute('data-running') === 'true') this._next();
    }
  };
});
