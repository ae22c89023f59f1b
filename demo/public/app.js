/* global document */
// The demo's only script. Every page works without it; it adds two things:
// 1. it shows what `document.cookie` holds: the cookies a page script can read (never an HttpOnly one);
// 2. it shows times in the reader's own time zone (the server writes them in UTC).
for (const output of document.querySelectorAll('[data-document-cookie]')) {
  output.textContent = document.cookie === '' ? '(nothing: every cookie here is HttpOnly)' : document.cookie.split('; ').join('\n');
}
for (const element of document.querySelectorAll('time[datetime]')) {
  const date = new Date(element.dateTime);
  if (!Number.isNaN(date.getTime())) element.textContent = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
