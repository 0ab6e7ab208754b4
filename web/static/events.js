// SPDX-License-Identifier: EUPL-1.2
// events: the setup snippets name this server's own address (the page
// cannot know the public host name from the server side).
document.querySelectorAll('[data-origin]').forEach((el) => {
	el.textContent = el.dataset.origin === 'host' ? location.host : location.origin;
});
