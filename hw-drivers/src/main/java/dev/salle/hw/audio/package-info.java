/**
 * Microphones: a role ({@link dev.salle.hw.audio.Microphones}) that lists capture devices with their
 * ALSA names, an implementation that reads {@code /proc/asound}, and a simulated array.
 */
package dev.salle.hw.audio;
