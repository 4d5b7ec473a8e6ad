/** WebRTC transport and LiveKit signalling shared by the room device and the on-site bridge. */
package dev.salle.rtc;
