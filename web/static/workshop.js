/* SPDX-License-Identifier: EUPL-1.2 */
/* Live workshop: every few seconds the page is fetched again and its
 * #live region replaced, so the projector shows who joined and how the
 * room answered. On a phone the region (with the answer form) is replaced
 * only when the facilitator moves to another part or closes it, so nothing
 * typed is lost. No data is built here: the server renders it all. */
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || !window.fetch || !window.DOMParser) return;
  var every = parseInt(live.getAttribute('data-poll'), 10) || 3000;
  var phone = live.getAttribute('data-mode') === 'phone';
  function busy() {
    var a = document.activeElement;
    return a && a !== document.body && live.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName);
  }
  function tick() {
    if (document.hidden) { setTimeout(tick, every); return; }
    fetch(window.location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
        if (!next) return;
        if (phone) {
          if (next.getAttribute('data-part') === live.getAttribute('data-part') &&
              next.getAttribute('data-state') === live.getAttribute('data-state')) return;
        } else if (busy()) {
          return;
        }
        var adopted = document.importNode(next, true);
        live.parentNode.replaceChild(adopted, live);
        live = adopted;
      })
      .catch(function () { /* try again at the next tick */ })
      .then(function () { setTimeout(tick, every); });
  }
  setTimeout(tick, every);
})();
