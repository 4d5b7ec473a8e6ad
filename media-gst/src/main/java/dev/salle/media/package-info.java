/** GStreamer media pipelines of the room device. */
package dev.salle.media;
