// A reference peer for Salle's interop tests, on the official @livekit/rtc-node client: joins a
// room, publishes a generated camera (moving pattern, I420) and microphone (a sine), subscribes
// to everything, and counts what it receives per remote participant.
//
// Usage: node rtc-node-peer.mjs --url ws://HOST:PORT --token JWT [--seconds 30] [--send-data TEXT]
//        [--width 320 --height 180 --fps 15] [--no-publish]
//
// Standard output: one JSON object per line.
//   {"event":"started","url":…}                                      (the library loaded; signals handled)
//   {"event":"connected","identity":…,"room":…}
//   {"event":"stats","t":seconds,"connectionState":…,"remotes":{identity:{"videoFrames":n,"audioFrames":n,
//     "audioSamples":n,"width":w,"height":h}},"published":[…]}        (about once a second)
//   {"event":"data","from":identity,"topic":…,"text":…}              (each data message received)
//   {"event":"sent","text":…}      (--send-data: published once (reliable, topic "chat") as soon as
//                                    another participant is in the room, so someone receives it)
//   {"event":"transcribed","text":…} (--send-transcription: a Transcription data packet with one
//                                    final segment, every 2 s while another participant is there)
//   {"event":"reconnecting"}, {"event":"reconnected"}                 (the library's reconnect events)
//   {"event":"participantDisconnected","identity":…}                  (a remote participant left)
//   "stats" also has "sid": the local participant's sid.
//   {"event":"error","message":…}                                     (then exit code 1)
//   {"event":"done","reason":"seconds"|"SIGTERM"|"SIGINT"|"disconnected"|"error"}
// The library's own log (JSON lines without an "event" field, info level and up) may appear too.
// Exit codes: 0 after a clean stop (time up, SIGTERM, SIGINT), 1 on a failure, 2 for bad arguments.
// Run it inside the test's network namespace: WebRTC gathers candidates on every interface.

const USAGE = 'usage: node rtc-node-peer.mjs --url ws://HOST:PORT --token JWT [--seconds N] [--send-data TEXT]'
  + ' [--send-transcription TEXT] [--width W --height H --fps F] [--no-publish]';

function print(object) {
  process.stdout.write(`${JSON.stringify(object)}\n`);
}

function parseArgs(argv) {
  const options = { seconds: 30, width: 320, height: 180, fps: 15, publish: true, sendData: null, transcription: null };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
      return argv[++i];
    };
    const positive = (text, max) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} is '${text}'; give a whole number from 1 to ${max}`);
      return n;
    };
    switch (name) {
      case '--url': options.url = value(); break;
      case '--token': options.token = value(); break;
      case '--seconds': options.seconds = positive(value(), 3600); break;
      case '--send-data': options.sendData = value(); break;
      case '--send-transcription': options.transcription = value(); break;
      case '--width': options.width = positive(value(), 1920); break;
      case '--height': options.height = positive(value(), 1080); break;
      case '--fps': options.fps = positive(value(), 60); break;
      case '--no-publish': options.publish = false; break;
      default: throw new Error(`unknown argument '${name}'`);
    }
  }
  if (!options.url || !/^wss?:\/\/./.test(options.url)) throw new Error(`--url is '${options.url ?? ''}'; give the bridge's ws:// or wss:// URL`);
  if (!options.token) throw new Error('--token is missing; give an access token for the room');
  if (options.width % 2 || options.height % 2) throw new Error('--width and --height must be even (I420)');
  return options;
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (e) {
  print({ event: 'error', message: e.message });
  process.stderr.write(`rtc-node-peer: ${e.message}\n${USAGE}\n`);
  process.exit(2);
}

// the library logs at debug level to stdout unless NODE_ENV is production; set before loading it
process.env.NODE_ENV = process.env.NODE_ENV || 'production';
const {
  AudioFrame, AudioSource, AudioStream, dispose, LocalAudioTrack, LocalVideoTrack, Room, RoomEvent,
  TrackKind, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource, VideoStream,
} = await import('@livekit/rtc-node');

const SAMPLE_RATE = 48000;
const FRAME_MS = 10;
const remotes = new Map(); // identity -> counters
const timers = [];
const room = new Room();
let stopping = false;

function countersFor(identity) {
  if (!remotes.has(identity)) remotes.set(identity, { videoFrames: 0, audioFrames: 0, audioSamples: 0, width: 0, height: 0 });
  return remotes.get(identity);
}

async function drainVideo(track, identity) {
  const counters = countersFor(identity);
  for await (const event of new VideoStream(track)) {
    counters.videoFrames++;
    counters.width = event.frame.width;
    counters.height = event.frame.height;
    if (stopping) break;
  }
}

async function drainAudio(track, identity) {
  const counters = countersFor(identity);
  for await (const frame of new AudioStream(track, SAMPLE_RATE, 1)) {
    counters.audioFrames++;
    counters.audioSamples += frame.samplesPerChannel;
    if (stopping) break;
  }
}

function startCamera(source) {
  const { width, height, fps } = options;
  const ySize = width * height;
  const buffer = new Uint8Array(ySize * 3 / 2);
  let n = 0;
  const timer = setInterval(() => {
    // a diagonal gradient that moves one pixel per frame, with slowly changing colour planes
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) buffer[row + x] = (x + y + n) & 0xff;
    }
    buffer.fill((n * 2) & 0xff, ySize, ySize + ySize / 4);
    buffer.fill((255 - n) & 0xff, ySize + ySize / 4);
    source.captureFrame(new VideoFrame(buffer, width, height, VideoBufferType.I420));
    n++;
  }, Math.round(1000 / fps));
  timers.push(timer);
}

function startMicrophone(source) {
  const samples = SAMPLE_RATE * FRAME_MS / 1000;
  let phase = 0;
  const step = 2 * Math.PI * 440 / SAMPLE_RATE;
  const timer = setInterval(() => {
    const data = new Int16Array(samples);
    for (let i = 0; i < samples; i++) {
      data[i] = Math.round(Math.sin(phase) * 8000);
      phase += step;
    }
    source.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, samples)).catch(() => {});
  }, FRAME_MS);
  timers.push(timer);
}

async function stop(reason, code) {
  if (stopping) return;
  stopping = true;
  timers.forEach(clearInterval);
  try {
    await Promise.race([room.disconnect(), new Promise((resolve) => setTimeout(resolve, 5000))]);
    await Promise.race([dispose(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  } catch (e) {
    process.stderr.write(`rtc-node-peer: while stopping: ${e.message}\n`);
  }
  print({ event: 'done', reason });
  process.exit(code);
}

async function fail(message) {
  print({ event: 'error', message });
  process.stderr.write(`rtc-node-peer: ${message}\n`);
  await stop('error', 1);
}

process.on('SIGTERM', () => stop('SIGTERM', 0));
process.on('SIGINT', () => stop('SIGINT', 0));

room
  .on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
    const drain = track.kind === TrackKind.KIND_VIDEO ? drainVideo : drainAudio;
    drain(track, participant.identity).catch((e) => process.stderr.write(`rtc-node-peer: stream of ${participant.identity}: ${e.message}\n`));
  })
  .on(RoomEvent.ParticipantConnected, (participant) => countersFor(participant.identity))
  .on(RoomEvent.DataReceived, (payload, participant, kind, topic) => {
    print({ event: 'data', from: participant ? participant.identity : null, topic: topic ?? null,
      text: new TextDecoder().decode(payload) });
  })
  .on(RoomEvent.Disconnected, () => { if (!stopping) stop('disconnected', 1); })
  .on(RoomEvent.Reconnecting, () => print({ event: 'reconnecting' }))
  .on(RoomEvent.Reconnected, () => print({ event: 'reconnected' }))
  .on(RoomEvent.ParticipantDisconnected, (participant) => print({ event: 'participantDisconnected',
    identity: participant.identity }));

print({ event: 'started', url: options.url });
// Bounded run time, counted from the start (connecting included).
timers.push(setTimeout(() => stop('seconds', 0), options.seconds * 1000));

try {
  await room.connect(options.url, options.token, { autoSubscribe: true, dynacast: false });
} catch (e) {
  await fail(`could not join the room at ${options.url}: ${e && e.message ? e.message : e}`);
}
print({ event: 'connected', identity: room.localParticipant?.identity ?? null, room: room.name ?? null });
for (const participant of room.remoteParticipants.values()) countersFor(participant.identity);

const published = [];
const started = Date.now();
timers.push(setInterval(() => {
  print({ event: 'stats', t: Math.round((Date.now() - started) / 1000), connectionState: room.connectionState,
    sid: room.localParticipant?.sid ?? null, remotes: Object.fromEntries(remotes), published });
}, 1000));
if (options.publish) {
  try {
    const audio = new AudioSource(SAMPLE_RATE, 1);
    const mic = LocalAudioTrack.createAudioTrack('microphone', audio);
    await room.localParticipant.publishTrack(mic, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
    startMicrophone(audio);
    published.push('microphone');
    const video = new VideoSource(options.width, options.height);
    const camera = LocalVideoTrack.createVideoTrack('camera', video);
    await room.localParticipant.publishTrack(camera, new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA, simulcast: false }));
    startCamera(video);
    published.push('camera');
  } catch (e) {
    await fail(`could not publish: ${e && e.message ? e.message : e}`);
  }
}
let dataSent = false;
async function maybeSendData() {
  if (options.sendData === null || dataSent || stopping || room.remoteParticipants.size === 0) return;
  dataSent = true;
  try {
    await room.localParticipant.publishData(new TextEncoder().encode(options.sendData), { reliable: true, topic: 'chat' });
    print({ event: 'sent', text: options.sendData });
  } catch (e) {
    await fail(`could not send data: ${e && e.message ? e.message : e}`);
  }
}
let transcriptions = 0;
async function maybeSendTranscription() {
  if (options.transcription === null || stopping || room.remoteParticipants.size === 0) return;
  try {
    transcriptions++;
    await room.localParticipant.publishTranscription({
      participantIdentity: room.localParticipant.identity, trackSid: '',
      segments: [{ id: `seg-${transcriptions}`, text: options.transcription, startTime: 0n, endTime: 0n,
        language: 'fr', final: true }],
    });
    print({ event: 'transcribed', text: options.transcription });
  } catch (e) {
    await fail(`could not send a transcription: ${e && e.message ? e.message : e}`);
  }
}
if (options.transcription !== null) setInterval(() => { maybeSendTranscription(); }, 2000);
room.on(RoomEvent.ParticipantConnected, () => { maybeSendData(); });
await maybeSendData();

