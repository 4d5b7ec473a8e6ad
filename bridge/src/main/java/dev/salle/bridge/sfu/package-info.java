/**
 * The SFU's per-packet forwarding: a cache of recent packets per stream for NACKs, key-frame
 * detection per codec, and the per-subscriber rewriting of SSRC, sequence numbers and
 * timestamps that lets a subscriber switch simulcast layers only at key frames. Nothing here
 * allocates per packet.
 */
package dev.salle.bridge.sfu;
