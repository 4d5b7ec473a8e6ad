// Opens headless Chromium and connects two RTCPeerConnections in one page through a data channel,
// gathering real host candidates. Run inside a test's network namespace, it shows that WebRTC
// works there (and only there). Prints one JSON line: {"ok":true,"candidates":[...]} or an error.
// Usage: node webrtc-selftest.mjs [path to chromium]
import { chromium } from 'playwright-core';

const executablePath = process.argv[2] || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
try {
  const page = await browser.newPage();
  const result = await page.evaluate(async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    const candidates = [];
    a.onicecandidate = (e) => { if (e.candidate) { candidates.push(e.candidate.address); b.addIceCandidate(e.candidate); } };
    b.onicecandidate = (e) => { if (e.candidate) { a.addIceCandidate(e.candidate); } };
    const channel = a.createDataChannel('selftest');
    const received = new Promise((resolve) => {
      b.ondatachannel = (e) => { e.channel.onmessage = (m) => resolve(m.data); };
    });
    channel.onopen = () => channel.send('hello through the namespace');
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    const message = await Promise.race([received, new Promise((r) => setTimeout(() => r(null), 15000))]);
    return { ok: message === 'hello through the namespace', message, candidates };
  });
  console.log(JSON.stringify(result));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e) }));
} finally {
  await browser.close();
}
