// The bridge's join page: name, room API (and lobby), then a LiveKit room with camera,
// microphone, a video grid and a chat. Built on the official livekit-client bundle that the
// bridge serves from /static/. Every name and message is shown with textContent, never as HTML.
// State for tests and for curious people is on window.salle (see docs/bridge.md).

import { Room, RoomEvent, Track, version as livekitVersion } from '/static/livekit-client.esm.mjs';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const slug = location.pathname.slice(1);
const NAME_KEY = 'salle.name';
const CHAT_TOPIC = 'chat';
const LOBBY_POLL_MS = 1000;
const MAX_CHAT = 200;

const salle = {
  page: 'room',
  livekitLoaded: true,
  livekitVersion,
  slug,
  phase: 'ready', // ready, fetching, waiting, denied, connecting, signalling, connected, disconnected, error
  error: null,
  signalConnected: false,
  connectionState: 'disconnected',
  roomName: null,
  livekitRoom: null,
  localIdentity: null,
  localSid: null,
  participants: [],
  published: [],
  chat: [],
  room: null,
  stats: remoteStats,
  sendChat,
  leave,
};
window.salle = salle;

let room = null;
let lobbyTimer = null;

function setPhase(phase, text) {
  salle.phase = phase;
  const status = $('status');
  status.dataset.phase = phase;
  status.textContent = text;
}

function fail(text) {
  salle.error = text;
  setPhase('error', 'Not connected');
  const e = $('error');
  e.textContent = text;
  e.hidden = false;
  $('join').hidden = false;
  $('lobby').hidden = true;
  $('call').hidden = true;
}

async function apiMessage(response) {
  try {
    const body = await response.json();
    return body.message || `the bridge answered ${response.status}`;
  } catch {
    return `the bridge answered ${response.status}`;
  }
}

// --- room API and lobby ------------------------------------------------------------------

async function join(name) {
  localStorage.setItem(NAME_KEY, name);
  $('error').hidden = true;
  salle.error = null;
  $('join').hidden = true;
  if (params.get('token')) {
    // a join link from ./salle token: the token names the room and the identity
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    await connect({ url: `${scheme}://${location.host}`, room: slug, token: params.get('token') });
    return;
  }
  setPhase('fetching', 'Looking up the meeting…');
  const response = await fetch(`/api/v1.0/rooms/${encodeURIComponent(slug)}/?username=${encodeURIComponent(name)}`);
  if (!response.ok) {
    fail(`This meeting cannot be opened: ${await apiMessage(response)}`);
    return;
  }
  const info = await response.json();
  salle.roomName = info.name;
  $('room-name').textContent = info.name;
  document.title = `${info.name} – Salle`;
  if (info.livekit) {
    await connect(info.livekit);
  } else {
    await waitInLobby(info.id, name);
  }
}

async function waitInLobby(roomId, name) {
  setPhase('waiting', 'In the lobby');
  $('lobby').hidden = false;
  // A waiting entry lives 3 s after the last poll, so poll about every second until decided.
  for (;;) {
    if (salle.phase !== 'waiting') return;
    const response = await fetch(`/api/v1.0/rooms/${encodeURIComponent(roomId)}/request-entry/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: name }),
    });
    let delay = LOBBY_POLL_MS;
    if (response.status === 429) {
      delay = 1000 * Math.max(1, Number(response.headers.get('Retry-After')) || 1);
    } else if (!response.ok) {
      fail(`The lobby did not answer: ${await apiMessage(response)}`);
      return;
    } else {
      const entry = await response.json();
      if (entry.status === 'accepted' && entry.livekit) {
        $('lobby').hidden = true;
        await connect(entry.livekit);
        return;
      }
      if (entry.status === 'denied') {
        $('lobby').hidden = true;
        setPhase('denied', 'Denied');
        const e = $('error');
        e.textContent = 'The host denied your request to join this meeting.';
        e.hidden = false;
        return;
      }
    }
    await new Promise((resolve) => { lobbyTimer = setTimeout(resolve, delay); });
  }
}

// --- the LiveKit room --------------------------------------------------------------------

async function connect(livekit) {
  salle.livekitRoom = livekit.room;
  setPhase('connecting', 'Connecting…');
  room = new Room({ adaptiveStream: false, dynacast: false });
  salle.room = room;
  room
    .on(RoomEvent.SignalConnected, () => {
      salle.signalConnected = true;
      salle.localIdentity = room.localParticipant.identity;
      salle.localSid = room.localParticipant.sid;
      refreshParticipants();
      setPhase('signalling', 'Joined, connecting media…');
    })
    .on(RoomEvent.ConnectionStateChanged, (state) => { salle.connectionState = state; })
    .on(RoomEvent.ParticipantConnected, refreshParticipants)
    .on(RoomEvent.ParticipantDisconnected, (participant) => { removeTile(participant.identity); refreshParticipants(); })
    .on(RoomEvent.TrackSubscribed, (track, publication, participant) => attachTrack(track, participant))
    .on(RoomEvent.TrackUnsubscribed, (track) => { track.detach().forEach((el) => el.remove()); })
    .on(RoomEvent.DataReceived, (payload, participant, kind, topic) => {
      if (topic !== undefined && topic !== CHAT_TOPIC) return;
      addChat(participant ? participant.identity : null, participant ? participant.name : null,
        new TextDecoder().decode(payload), false);
    })
    .on(RoomEvent.Disconnected, (reason) => {
      salle.connectionState = 'disconnected';
      if (salle.phase !== 'error') setPhase('disconnected', 'Left the meeting');
      salle.disconnectReason = reason === undefined ? null : reason;
      $('call').hidden = true;
      $('join').hidden = false;
    });
  $('call').hidden = false;
  try {
    await room.connect(livekit.url, livekit.token, { autoSubscribe: true });
  } catch (e) {
    fail(`Could not connect to the meeting: ${e && e.message ? e.message : e}`);
    return;
  }
  salle.connectionState = room.state;
  setPhase('connected', 'In the meeting');
  refreshParticipants();
  await publishCameraAndMicrophone();
}

async function publishCameraAndMicrophone() {
  const simulcast = params.get('simulcast') !== '0';
  if (!window.isSecureContext || !navigator.mediaDevices) {
    // browsers give pages camera and microphone only over HTTPS, or on localhost
    addNotice('This browser gives camera and microphone only to secure pages: open the bridge over HTTPS'
      + ' (or on localhost). You can still see and hear the others.');
    return;
  }
  try {
    await room.localParticipant.setMicrophoneEnabled(true);
    salle.published.push('microphone');
  } catch (e) {
    addNotice(`Microphone not available: ${e && e.message ? e.message : e}`);
  }
  try {
    const publication = await room.localParticipant.setCameraEnabled(true, undefined, { simulcast });
    salle.published.push('camera');
    if (publication && publication.track) attachTrack(publication.track, room.localParticipant);
  } catch (e) {
    addNotice(`Camera not available: ${e && e.message ? e.message : e}`);
  }
}

function refreshParticipants() {
  if (!room) return;
  salle.participants = Array.from(room.remoteParticipants.values(), (p) => p.identity).sort();
  for (const p of room.remoteParticipants.values()) tileFor(p);
}

// --- the grid ----------------------------------------------------------------------------

function tileFor(participant) {
  const id = `tile-${participant.identity}`;
  let tile = document.getElementById(id);
  if (!tile) {
    tile = document.createElement('div');
    tile.className = 'tile';
    tile.id = id;
    tile.dataset.identity = participant.identity;
    const label = document.createElement('span');
    label.className = 'name';
    tile.appendChild(label);
    $('grid').appendChild(tile);
  }
  const isLocal = room && participant === room.localParticipant;
  tile.querySelector('.name').textContent = (participant.name || participant.identity) + (isLocal ? ' (you)' : '');
  return tile;
}

function removeTile(identity) {
  const tile = document.getElementById(`tile-${identity}`);
  if (tile) tile.remove();
}

function attachTrack(track, participant) {
  const tile = tileFor(participant);
  const element = track.attach();
  if (track.kind === Track.Kind.Video) {
    element.muted = true;
    element.playsInline = true;
    tile.insertBefore(element, tile.firstChild);
  } else if (participant !== room.localParticipant) {
    tile.appendChild(element);
  }
}

// --- controls and chat -------------------------------------------------------------------

async function toggle(button, enabledNow, setEnabled, onText, offText) {
  const enable = !enabledNow();
  await setEnabled(enable);
  button.setAttribute('aria-pressed', String(!enable));
  button.textContent = enable ? onText : offText;
}

async function leave() {
  if (lobbyTimer) clearTimeout(lobbyTimer);
  if (salle.phase === 'waiting') {
    setPhase('ready', 'Not connected');
    $('lobby').hidden = true;
    $('join').hidden = false;
  }
  if (room) await room.disconnect();
}

async function sendChat(text) {
  if (!room || !text) return;
  await room.localParticipant.publishData(new TextEncoder().encode(text), { reliable: true, topic: CHAT_TOPIC });
  addChat(room.localParticipant.identity, room.localParticipant.name, text, true);
}

function addChat(identity, name, text, local) {
  salle.chat.push({ from: identity, name, text, local, at: Date.now() });
  if (salle.chat.length > MAX_CHAT) salle.chat.shift();
  const item = document.createElement('li');
  const who = document.createElement('span');
  who.className = 'from';
  who.textContent = local ? 'You' : (name || identity || 'someone');
  const body = document.createElement('span');
  body.textContent = text;
  item.append(who, body);
  $('messages').appendChild(item);
  while ($('messages').children.length > MAX_CHAT) $('messages').firstChild.remove();
}

function addNotice(text) {
  const item = document.createElement('li');
  item.textContent = text;
  $('messages').appendChild(item);
}

// Per remote track, what the browser's receiver counted: framesDecoded for video, samples and
// concealment for audio. Keyed by participant identity, then 'video'/'audio'.
async function remoteStats() {
  const out = {};
  if (!room) return out;
  for (const participant of room.remoteParticipants.values()) {
    const entry = {};
    for (const publication of participant.trackPublications.values()) {
      const track = publication.track;
      if (!track) continue;
      const report = await track.getRTCStatsReport();
      if (!report) continue;
      report.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') {
          entry.video = { framesDecoded: s.framesDecoded || 0, framesReceived: s.framesReceived || 0,
            packetsReceived: s.packetsReceived || 0, packetsLost: s.packetsLost || 0,
            frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0 };
        } else if (s.kind === 'audio') {
          entry.audio = { totalSamplesReceived: s.totalSamplesReceived || 0, concealedSamples: s.concealedSamples || 0,
            concealmentEvents: s.concealmentEvents || 0, packetsReceived: s.packetsReceived || 0,
            packetsLost: s.packetsLost || 0 };
        }
      });
    }
    out[participant.identity] = entry;
  }
  return out;
}

// --- start -------------------------------------------------------------------------------

$('mic').addEventListener('click', (e) => toggle(e.currentTarget,
  () => room.localParticipant.isMicrophoneEnabled, (on) => room.localParticipant.setMicrophoneEnabled(on),
  'Mute mic', 'Unmute mic'));
$('camera').addEventListener('click', (e) => toggle(e.currentTarget,
  () => room.localParticipant.isCameraEnabled, (on) => room.localParticipant.setCameraEnabled(on),
  'Stop camera', 'Start camera'));
$('leave').addEventListener('click', () => leave());
$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('chat-text').value.trim();
  $('chat-text').value = '';
  sendChat(text).catch((e) => addNotice(`Message not sent: ${e && e.message ? e.message : e}`));
});
$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('name').value.trim();
  if (name) join(name).catch((e) => fail(String(e && e.message ? e.message : e)));
});
window.addEventListener('pagehide', () => { if (room) room.disconnect(); });

$('room-name').textContent = slug;
$('name').value = params.get('name') || localStorage.getItem(NAME_KEY) || '';
setPhase('ready', 'Not connected');
if (params.get('autojoin') === '1' && $('name').value.trim()) {
  join($('name').value.trim()).catch((e) => fail(String(e && e.message ? e.message : e)));
}
