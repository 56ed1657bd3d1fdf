/* Progressive enhancement for the TTĐN search page. Without this file everything still works:
   the form is a plain GET form and every facet value, chip, page and timeline bar is a link.
   With it, those same URLs are fetched and the results replaced in place, the address bar and
   history follow (back works), and the new count is announced in the aria-live region.
   Ticking a box never submits by itself (WCAG 3.2.2): the "Áp dụng bộ lọc" button does. */
(function () {
  'use strict';

  function fold(text) {
    return (text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  }

  /* Filter boxes narrow a facet's list as one types (nothing is submitted). */
  function initFilterBoxes(root) {
    root.querySelectorAll('.facet-filter').forEach(function (box) { box.hidden = false; });
    root.querySelectorAll('input.filter-box[data-list]').forEach(function (input) {
      var list = document.getElementById(input.getAttribute('data-list'));
      if (!list) { return; }
      function apply() {
        var needle = fold(input.value.trim());
        var facet = list.closest('.facet');
        var expanded = facet && facet.classList.contains('expanded');
        list.querySelectorAll('li.fv').forEach(function (li) {
          var extra = li.hasAttribute('data-extra') && !expanded;
          li.hidden = needle ? fold(li.getAttribute('data-label')).indexOf(needle) < 0 : extra;
        });
      }
      input.addEventListener('input', apply);
      if (input.closest('#search-form')) {
        input.addEventListener('keydown', function (e) {
          if (e.key === 'Enter') { e.preventDefault(); }  /* the box filters the list; it is not the query */
        });
      }
      if (input.value) { apply(); }
    });
  }

  /* "Xem thêm" reveals the rest of a facet in place when all its values are on the page;
     otherwise it stays a link to the facet's own page. */
  function initMoreLinks(root) {
    root.querySelectorAll('a.more[data-complete="yes"]').forEach(function (link) {
      var facet = link.closest('.facet');
      var more = link.textContent;
      link.setAttribute('role', 'button');
      link.setAttribute('aria-expanded', 'false');
      link.addEventListener('click', function (e) {
        e.preventDefault();
        var open = !facet.classList.contains('expanded');
        facet.classList.toggle('expanded', open);
        facet.querySelectorAll('li[data-extra]').forEach(function (li) { li.hidden = !open; });
        link.textContent = open ? 'Thu gọn' : more;
        link.setAttribute('aria-expanded', String(open));
      });
      link.addEventListener('keydown', function (e) {
        if (e.key === ' ') { e.preventDefault(); link.click(); }
      });
    });
  }

  function initPending(root) {
    var apply = root.querySelector('.apply');
    if (!apply) { return; }
    root.addEventListener('change', function (e) {
      if (e.target.matches('input[type=checkbox], input[type=date]')) { apply.classList.add('pending'); }
    });
  }

  /* Phones: the filters start folded so the results are on the first screen. */
  var narrow = window.matchMedia ? window.matchMedia('(max-width: 800px)') : null;
  var filtersOpen = null;  /* the user's choice, kept across in-place updates */
  function initFolding(root) {
    var details = root.querySelector('details.filters');
    if (!details) { return; }
    if (filtersOpen === null) { filtersOpen = !(narrow && narrow.matches); }
    details.open = filtersOpen || !(narrow && narrow.matches);
    details.addEventListener('toggle', function () {
      if (narrow && narrow.matches) { filtersOpen = details.open; }
    });
  }

  if (narrow && narrow.addEventListener) {
    narrow.addEventListener('change', function () {
      var details = document.querySelector('details.filters');
      if (details && !narrow.matches) { details.open = true; }  /* wide screens have no toggle to reopen it */
    });
  }

  function init(root) {
    initFolding(root);
    initFilterBoxes(root);
    initMoreLinks(root);
    initPending(root);
  }

  var form = document.getElementById('search-form');
  var live = document.getElementById('live');
  init(document);
  if (!form || !window.fetch || !window.history || !window.DOMParser) { return; }

  function announce(text) {
    if (!live) { return; }
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== '') { params.append(name, value); }
    });
    var query = params.toString();
    return form.getAttribute('action') + (query ? '?' + query : '');
  }

  var pending = null;

  function load(url, push, focusTarget) {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var layout = document.getElementById('layout');
    layout.setAttribute('aria-busy', 'true');
    var activeId = document.activeElement && document.activeElement.id;
    fetch(url, { signal: pending.signal, headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
      .then(function (resp) { return resp.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('layout');
        if (!fresh) { window.location.assign(url); return; }
        var current = document.getElementById('layout');
        current.replaceWith(document.importNode(fresh, true));
        document.title = doc.title;
        var q = doc.getElementById('q');
        if (q && push !== true) { document.getElementById('q').value = q.value; }
        if (push === true) { history.pushState({ ttdn: true }, '', url); }
        var updated = document.getElementById('layout');
        init(updated);
        var heading = document.getElementById('result-count');
        var error = updated.querySelector('.error');
        announce(error ? error.textContent.trim().replace(/\s+/g, ' ') : (heading ? heading.textContent.trim() : ''));
        var target = (focusTarget === 'results' ? null : (activeId && document.getElementById(activeId)));
        if (target && updated.contains(target)) {
          target.focus();
        } else if (focusTarget === 'results' && heading) {
          heading.focus();
          heading.scrollIntoView({ block: 'start' });
        }
      })
      .catch(function (e) {
        if (e.name !== 'AbortError') { window.location.assign(url); }
      })
      .finally(function () {
        var layout = document.getElementById('layout');
        if (layout) { layout.removeAttribute('aria-busy'); }
      });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    load(formUrl(), true);
  });

  document.addEventListener('click', function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) { return; }
    var link = e.target.closest('a');
    if (!link || !link.closest('#layout') || link.hasAttribute('download')) { return; }
    var href = link.getAttribute('href');
    if (!href) { return; }
    var url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== form.getAttribute('action')) { return; }
    e.preventDefault();
    var toResults = !!link.closest('.pages');
    load(url.pathname + url.search, true, toResults ? 'results' : undefined);
  });

  window.addEventListener('popstate', function () {
    load(window.location.pathname + window.location.search, false);
  });
})();
