// The bridge's start page: go to a meeting by its code, start a new one, or register a room.
// Everything shown is set with textContent; nothing here is secret (the optional token is typed
// by the user and sent once to this bridge's room API, never stored).

const $ = (id) => document.getElementById(id);

function normalizeSlug(text) {
  const s = text.trim().toLowerCase();
  if (/^[a-z]{3}-[a-z]{4}-[a-z]{3}$/.test(s)) return s;
  if (/^[a-z]{10}$/.test(s)) return `${s.slice(0, 3)}-${s.slice(3, 7)}-${s.slice(7)}`;
  return null;
}

function randomSlug() {
  const letters = new Uint8Array(10);
  crypto.getRandomValues(letters);
  const s = Array.from(letters, (b) => String.fromCharCode(97 + (b % 26))).join('');
  return `${s.slice(0, 3)}-${s.slice(3, 7)}-${s.slice(7)}`;
}

function showError(text) {
  const e = $('home-error');
  e.textContent = text;
  e.hidden = false;
}

async function apiError(response) {
  try {
    const body = await response.json();
    return body.message || `the bridge answered ${response.status}`;
  } catch {
    return `the bridge answered ${response.status}`;
  }
}

$('pick').addEventListener('submit', (event) => {
  event.preventDefault();
  const slug = normalizeSlug($('slug').value);
  if (!slug) {
    showError('A meeting code looks like abc-defg-hij (lowercase letters).');
    return;
  }
  location.assign(`/${slug}`);
});

// A slug nobody registered is an open, public room on this bridge: asking the room API for it
// is all it takes to start a new meeting.
$('new-room').addEventListener('click', async () => {
  const slug = randomSlug();
  const response = await fetch(`/api/v1.0/rooms/${slug}/`);
  if (!response.ok) {
    showError(`Could not start a meeting: ${await apiError(response)}`);
    return;
  }
  location.assign(`/${slug}`);
});

$('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/api/v1.0/rooms/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${$('create-token').value.trim()}` },
    body: JSON.stringify({ name: $('create-name').value, access_level: $('create-access').value }),
  });
  $('create-token').value = '';
  if (response.status !== 201) {
    showError(`Could not create the room: ${await apiError(response)}`);
    return;
  }
  const room = await response.json();
  const link = $('created-link');
  link.href = `/${room.slug}`;
  link.textContent = `${location.origin}/${room.slug}`;
  $('created').hidden = false;
});

window.salle = { page: 'home', ready: true };
