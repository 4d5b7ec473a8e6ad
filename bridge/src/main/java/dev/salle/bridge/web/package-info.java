/**
 * The bridge's small web client: {@code /} to pick or create a room, {@code /abc-defg-hij} to join
 * it from a browser, and its files under {@code /static/}. The pages are our own HTML, CSS and
 * JavaScript (classpath resources next to this package); they use the official
 * {@code livekit-client} ESM bundle, which the build copies from {@code bridge/web/node_modules}
 * when npm installed it. {@link dev.salle.bridge.web.WebClient} decides every answer;
 * {@code dev.salle.bridge.http} sends it.
 */
package dev.salle.bridge.web;
