/* SPDX-License-Identifier: EUPL-1.2 */
/* Invitation link: the token arrives in the URL fragment (never sent to the
 * server); put the full link in the box and offer a copy button. */
(function () {
  'use strict';
  var box = document.getElementById('link');
  if (!box) return;
  var token = window.location.hash.replace(/^#/, '');
  if (token && /^[A-Za-z0-9_-]+$/.test(token)) box.value = (box.getAttribute('data-link-base') || '') + token;
  var btn = document.getElementById('kopieer');
  var status = document.getElementById('link-status');
  if (!btn || !box.value) return;
  btn.hidden = false;
  btn.addEventListener('click', function () {
    box.select();
    var done = function () { if (status) status.textContent = btn.getAttribute('data-copied'); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(box.value).then(done, function () { document.execCommand('copy'); done(); });
    else { document.execCommand('copy'); done(); }
  });
})();
