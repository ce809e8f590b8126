/* Pickers: a text input with data-digicanvis-picker="local_body|project|user" suggests, as
 * one types, the bodies, projects or people whose name holds every typed word (accents and
 * case ignored; the digicanvis_autocomplete action). Arrow keys move, Enter or a click picks
 * (the title goes into the input; the server resolves it), Escape closes. With
 * data-digicanvis-picker-submit, picking submits the form (the "Near" field runs its search).
 *
 * One set of listeners on the document serves every picker, those added later included
 * (scheming's "Add" button, htmx swaps): nothing is initialised twice. Suggestions reach the
 * page as text nodes only.
 */
(function () {
  'use strict';
  if (window.digicanvisPickers) { return; }
  window.digicanvisPickers = true;

  var SELECTOR = 'input[data-digicanvis-picker]';
  var DELAY = 200;
  var counter = 0;
  var timer = null;
  var current = null; // {input, list, items, active}

  function apiUrl(input) {
    var meta = document.querySelector('meta[name=site-root]');
    var root = (meta ? meta.getAttribute('content') : '/').replace(/\/+$/, '');
    return root + '/api/3/action/digicanvis_autocomplete?kind=' +
      encodeURIComponent(input.getAttribute('data-digicanvis-picker')) +
      '&q=' + encodeURIComponent(input.value) + '&limit=8';
  }

  function listFor(input) {
    if (!input.id) { input.id = 'digicanvis-picker-' + (++counter); }
    var listId = input.id + '-suggestions';
    var list = document.getElementById(listId);
    if (!list) {
      list = document.createElement('ul');
      list.id = listId;
      list.className = 'digicanvis-picker-list list-unstyled';
      list.setAttribute('role', 'listbox');
      list.hidden = true;
      input.insertAdjacentElement('afterend', list);
      input.setAttribute('role', 'combobox');
      input.setAttribute('aria-autocomplete', 'list');
      input.setAttribute('aria-controls', listId);
      input.setAttribute('aria-expanded', 'false');
      input.setAttribute('autocomplete', 'off');
      input.parentElement.classList.add('digicanvis-picker');
    }
    return list;
  }

  function close() {
    if (!current) { return; }
    current.list.hidden = true;
    current.list.textContent = '';
    current.input.setAttribute('aria-expanded', 'false');
    current.input.removeAttribute('aria-activedescendant');
    current = null;
  }

  function show(input, results) {
    var list = listFor(input);
    list.textContent = '';
    if (!results.length) { close(); return; }
    results.forEach(function (result, index) {
      var item = document.createElement('li');
      item.id = list.id + '-' + index;
      item.setAttribute('role', 'option');
      item.className = 'digicanvis-picker-option';
      var title = document.createElement('span');
      title.textContent = result.title;
      item.appendChild(title);
      if (result.detail) {
        var detail = document.createElement('small');
        detail.className = 'text-muted ms-2';
        detail.textContent = result.detail;
        item.appendChild(detail);
      }
      item.addEventListener('mousedown', function (event) {
        event.preventDefault(); // keep the focus in the input
        pick(input, result);
      });
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    current = {input: input, list: list, items: results, active: -1};
  }

  function highlight(index) {
    var options = current.list.children;
    if (current.active >= 0 && options[current.active]) {
      options[current.active].classList.remove('active');
      options[current.active].setAttribute('aria-selected', 'false');
    }
    current.active = (index + options.length) % options.length;
    var option = options[current.active];
    option.classList.add('active');
    option.setAttribute('aria-selected', 'true');
    current.input.setAttribute('aria-activedescendant', option.id);
  }

  function pick(input, result) {
    input.value = result.title;
    close();
    input.dispatchEvent(new Event('change', {bubbles: true}));
    if (input.hasAttribute('data-digicanvis-picker-submit') && input.form) {
      if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
    }
  }

  function lookup(input) {
    if (!input.value.trim()) { close(); return; }
    var asked = input.value;
    fetch(apiUrl(input), {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (response) { return response.ok ? response.json() : {result: []}; })
      .then(function (data) {
        if (input.value === asked && document.activeElement === input) { show(input, data.result || []); }
      })
      .catch(function () { close(); });
  }

  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(SELECTOR)) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () { lookup(input); }, DELAY);
  });

  document.addEventListener('keydown', function (event) {
    var input = event.target;
    if (!current || current.input !== input) { return; }
    if (event.key === 'ArrowDown') { event.preventDefault(); highlight(current.active + 1); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); highlight(current.active - 1); }
    else if (event.key === 'Escape') { close(); }
    else if (event.key === 'Enter' && current.active >= 0) {
      event.preventDefault();
      pick(input, current.items[current.active]);
    }
  });

  document.addEventListener('focusout', function (event) {
    if (current && current.input === event.target) { setTimeout(close, 100); }
  });
})();
