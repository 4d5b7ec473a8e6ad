// A browser participant for Salle's interop tests: headless Chromium runs the official
// livekit-client (from node_modules) with a fake camera and microphone, joins a room, publishes
// both, and reports what it receives. Run it inside the test's network namespace.
//
// Usage: node livekit-browser.mjs --url ws://HOST:7880 --token JWT [--seconds 60] [--simulcast 0|1]
//        [--chromium /usr/bin/chromium] [--audio-file tone.wav] [--publish 0|1] [--watch-video 0|1]
// Without --audio-file the fake microphone is Chromium's short beep once a second; with it, the
// WAV file plays in a loop (a steady tone makes a steady speaker). --publish 0 joins without
// publishing camera or microphone (a watcher). --watch-video 1 renders each remote video in a
// <video> element and watches the frames it shows for black/white flips (see "flips" below); it
// is off by default because rendering costs CPU the other users of this participant do not expect.
// Commands on stdin, one per line:
//   mute audio|video · unmute audio|video · send TEXT · quality low|medium|high (of remote videos)
//   · disable|enable (remote videos: UpdateTrackSettings.disabled) · leave · join · quit
// Output on stdout, one JSON object per line:
//   {"t":"status","state":"connected","identity":"alice","remotes":{"bob":{"sid":"PA_…","video":{"frames":N,
//    "muted":false},"audio":{"samples":N,"packets":N,"muted":false}}},"speakers":["bob"],"data":["bob: hi"]}
//   every half second; {"t":"error","message":…} when something fails; {"t":"done"} at the end.
//   Also "sid" (the local participant's), "events" (room events in order: signalReconnecting,
//   reconnecting, reconnected, disconnected, participantConnected:ID, participantDisconnected:ID) and
//   "ice" ({publisher, subscriber}: each connection's local ICE ufrag, which an ICE restart changes),
//   "paths" ({publisher, subscriber}: each connection's selected candidate pair from getStats(), as
//   {protocol, remotePort, remoteProtocol}: "udp", or "tcp" for ICE over TCP).
//   From the receiver's inbound-rtp stats, once media arrives: video "frames" (framesDecoded), "width" and
//   "height" (the last decoded frame's size, frameWidth/frameHeight), "keyFrames" (keyFramesDecoded),
//   "framesReceived"; both kinds "codec" (the codec's MIME type, e.g. "video/H264", "audio/opus") and
//   "senderReports" (RTCP sender reports received, from remote-outbound-rtp).
//   With --watch-video 1, video also has "flips": the last 30 times the rendered picture's mean luma
//   (BT.601, on a 16×16 copy of each frame from requestVideoFrameCallback) crossed 128, as
//   [{"to":"white"|"black","at":EPOCH_MS}], "at" being performance.timeOrigin + the frame's
//   expectedDisplayTime: when a flashing test camera's switch reached the screen.
// Lines starting with "#" are the page's console, for failure messages.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
if (!args.url || !args.token) {
  console.log(JSON.stringify({ t: 'error', message: 'usage: --url ws://HOST:7880 --token JWT [--seconds N]' }));
  process.exit(2);
}
const seconds = Math.min(Math.max(Number(args.seconds) || 60, 1), 600);
const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'node_modules', 'livekit-client', 'dist', 'livekit-client.esm.mjs');

const page = `<!doctype html><meta charset="utf-8"><title>salle interop participant</title>
<script type="module">
import * as LK from '/livekit-client.esm.mjs';
const state = { state: 'new', identity: '', sid: '', remotes: {}, speakers: [], data: [], events: [], ice: {} };
let room;
let watchVideo = false;
const flipsByTrack = {};
window.salleState = () => state;
// renders a remote video track and records when its picture turns black or white
function watchFlips(track) {
  const el = track.attach();
  el.muted = true;
  el.width = 160;
  el.height = 90;
  document.body.appendChild(el);
  const watch = flipsByTrack[track.sid] = { flips: [], white: null };
  if (!('requestVideoFrameCallback' in el)) { console.error('no requestVideoFrameCallback: cannot watch flips'); return; }
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 16;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const onFrame = (now, meta) => {
    ctx.drawImage(el, 0, 0, 16, 16);
    const d = ctx.getImageData(0, 0, 16, 16).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
    const white = sum / (d.length / 4) >= 128;
    if (watch.white !== null && white !== watch.white) {
      watch.flips.push({ to: white ? 'white' : 'black', at: Math.round(performance.timeOrigin + meta.expectedDisplayTime) });
      if (watch.flips.length > 30) watch.flips.shift();
    }
    watch.white = white;
    el.requestVideoFrameCallback(onFrame);
  };
  el.requestVideoFrameCallback(onFrame);
}
async function stats() {
  const remotes = {};
  for (const p of room.remoteParticipants.values()) {
    const r = { sid: p.sid, video: null, audio: null };
    for (const pub of p.trackPublications.values()) {
      const entry = { muted: pub.isMuted, subscribed: !!pub.track };
      if (pub.track && pub.track.receiver) {
        const report = await pub.track.receiver.getStats();
        report.forEach((s) => {
          // the bridge's sender reports (RFC 3550) show up as remote-outbound-rtp
          if (s.type === 'remote-outbound-rtp') entry.senderReports = s.reportsSent || 0;
          if (s.type !== 'inbound-rtp') return;
          if (s.kind === 'video') { entry.frames = s.framesDecoded || 0; entry.width = s.frameWidth || 0; entry.height = s.frameHeight || 0; }
          if (s.kind === 'audio') { entry.samples = s.totalSamplesReceived || 0; entry.packets = s.packetsReceived || 0; }
          if (s.kind === 'video') { entry.keyFrames = s.keyFramesDecoded || 0; entry.framesReceived = s.framesReceived || 0; }
          const codec = s.codecId && report.get(s.codecId);
          if (codec) entry.codec = codec.mimeType;
        });
      }
      if (pub.kind === 'video' && flipsByTrack[pub.trackSid]) entry.flips = flipsByTrack[pub.trackSid].flips.slice();
      r[pub.kind] = entry;
    }
    remotes[p.identity] = r;
  }
  state.remotes = remotes;
  if (room.localParticipant) state.sid = room.localParticipant.sid;
  state.ice = iceUfrags();
  state.paths = await selectedPaths();
  return state;
}
// the transport of each peer connection's selected candidate pair, from getStats(): its local
// candidate's protocol ("udp" or "tcp") and the remote candidate's port
async function selectedPaths() {
  const out = {};
  try {
    const pcm = room.engine && room.engine.pcManager;
    for (const [name, t] of [['publisher', pcm && pcm.publisher], ['subscriber', pcm && pcm.subscriber]]) {
      if (!t || !t.pc) continue;
      const report = await t.pc.getStats();
      report.forEach((s) => {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
        const pair = report.get(s.selectedCandidatePairId);
        const local = pair && report.get(pair.localCandidateId);
        const remote = pair && report.get(pair.remoteCandidateId);
        if (local && remote) out[name] = { protocol: local.protocol, remotePort: remote.port, remoteProtocol: remote.protocol };
      });
    }
  } catch (e) { /* stats not there yet */ }
  return out;
}
// the local ICE ufrag of each peer connection: it changes when livekit-client restarts ICE
function iceUfrags() {
  const out = {};
  try {
    const pcm = room.engine && room.engine.pcManager;
    for (const [name, t] of [['publisher', pcm && pcm.publisher], ['subscriber', pcm && pcm.subscriber]]) {
      const sdp = t && t.pc && t.pc.localDescription && t.pc.localDescription.sdp;
      const m = sdp && /a=ice-ufrag:(\\S+)/.exec(sdp);
      if (m) out[name] = m[1];
    }
  } catch (e) { /* internal fields moved: report none */ }
  return out;
}
window.salleStats = stats;
window.salleJoin = async (url, token, simulcast, publish, watch) => {
  watchVideo = watch;
  room = new LK.Room({ adaptiveStream: false, dynacast: false, publishDefaults: { simulcast } });
  room.on(LK.RoomEvent.TrackSubscribed, (t) => {
    if (t.kind === 'audio') document.body.appendChild(t.attach());
    if (t.kind === 'video' && watchVideo) watchFlips(t);
  });
  room.on(LK.RoomEvent.ActiveSpeakersChanged, (list) => { state.speakers = list.map((p) => p.identity); });
  room.on(LK.RoomEvent.DataReceived, (payload, p) => {
    state.data.push((p ? p.identity : '?') + ': ' + new TextDecoder().decode(payload));
  });
  room.on(LK.RoomEvent.ConnectionStateChanged, (s) => { state.state = s; });
  room.on(LK.RoomEvent.Disconnected, () => { state.state = 'disconnected'; state.events.push('disconnected'); });
  room.on(LK.RoomEvent.SignalReconnecting, () => state.events.push('signalReconnecting'));
  room.on(LK.RoomEvent.Reconnecting, () => state.events.push('reconnecting'));
  room.on(LK.RoomEvent.Reconnected, () => state.events.push('reconnected'));
  room.on(LK.RoomEvent.ParticipantConnected, (p) => state.events.push('participantConnected:' + p.identity));
  room.on(LK.RoomEvent.ParticipantDisconnected, (p) => state.events.push('participantDisconnected:' + p.identity));
  await room.connect(url, token);
  state.identity = room.localParticipant.identity;
  if (publish) await room.localParticipant.enableCameraAndMicrophone();
  state.state = room.state;
};
window.salleCommand = async (verb, what) => {
  const lp = room.localParticipant;
  if (verb === 'mute' || verb === 'unmute') {
    const on = verb === 'unmute';
    if (what === 'audio') await lp.setMicrophoneEnabled(on); else await lp.setCameraEnabled(on);
  } else if (verb === 'send') {
    await lp.publishData(new TextEncoder().encode(what), { reliable: true });
  } else if (verb === 'quality') {
    const q = { low: LK.VideoQuality.LOW, medium: LK.VideoQuality.MEDIUM, high: LK.VideoQuality.HIGH }[what];
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.videoTrackPublications.values()) pub.setVideoQuality(q);
    }
  } else if (verb === 'disable' || verb === 'enable') {
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.videoTrackPublications.values()) pub.setEnabled(verb === 'enable');
    }
  } else if (verb === 'leave') {
    await room.disconnect();
  }
};
window.salleReady = true;
</script>`;

const server = createServer(async (req, res) => {
  if (req.url === '/livekit-client.esm.mjs') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(await readFile(bundle));
  } else {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}/`;
const print = (o) => console.log(JSON.stringify(o));

const browser = await chromium.launch({
  executablePath: args.chromium || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns',
    '--autoplay-policy=no-user-gesture-required',
    ...(args['audio-file'] ? [`--use-file-for-fake-audio-capture=${args['audio-file']}`] : [])],
});
let finished = false;
const finish = async (code) => {
  if (finished) return;
  finished = true;
  print({ t: 'done' });
  await browser.close().catch(() => {});
  server.close();
  process.exit(code);
};
process.on('SIGTERM', () => finish(0));
setTimeout(() => { print({ t: 'error', message: `time limit of ${seconds} s reached` }); finish(1); }, seconds * 1000);
try {
  const p = await browser.newPage();
  p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('# ' + m.type() + ': ' + m.text()); });
  await p.goto(origin);
  await p.waitForFunction(() => window.salleReady === true);
  const simulcast = args.simulcast === '1';
  const joinArgs = [args.url, args.token, simulcast, args.publish !== '0', args['watch-video'] === '1'];
  await p.evaluate(([u, t, s, pub, w]) => window.salleJoin(u, t, s, pub, w), joinArgs);
  let busy = Promise.resolve();
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [verb, ...rest] = line.trim().split(' ');
    const what = rest.join(' ');
    busy = busy.then(async () => {
      if (verb === 'quit') return finish(0);
      if (verb === 'join') return p.evaluate(([u, t, s, pub, w]) => window.salleJoin(u, t, s, pub, w), joinArgs);
      return p.evaluate(([v, w]) => window.salleCommand(v, w), [verb, what]);
    }).catch((e) => print({ t: 'error', message: String(e && e.message || e) }));
  });
  lines.on('close', () => finish(0));
  while (!finished) {
    print({ t: 'status', ...(await p.evaluate(() => window.salleStats())) });
    await new Promise((r) => setTimeout(r, 500));
  }
} catch (e) {
  print({ t: 'error', message: String(e && e.message || e) });
  await finish(1);
}
