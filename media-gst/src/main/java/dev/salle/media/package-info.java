/**
 * GStreamer media of the room device. {@link dev.salle.media.MediaRuntime} initialises GStreamer
 * once; {@code elements} chooses the elements, {@code pipeline} runs them.
 */
package dev.salle.media;
