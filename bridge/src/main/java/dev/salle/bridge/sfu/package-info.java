/**
 * The SFU's per-packet forwarding: a cache of recent packets per stream for NACKs, key-frame
 * detection per codec, and the per-subscriber rewriting of SSRC, sequence numbers and
 * timestamps that lets a subscriber switch simulcast layers only at key frames. Parsing,
 * caching and rewriting do not allocate per packet; {@link dev.salle.bridge.sfu.PublishedTrack}
 * still hands each subscriber its own array, because the peer connection's send takes whole
 * arrays.
 */
package dev.salle.bridge.sfu;
