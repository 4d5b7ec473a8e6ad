/**
 * Real GStreamer pipelines of the room device: video send, audio send, remote video and audio
 * (RTP in, decoded into inter channels), the speaker mix (with the echo probe) and the HDMI
 * display (tiles, names, captions, status) with its JPEG snapshot.
 *
 * <p>Every pipeline is {@link java.lang.AutoCloseable}, owns its native objects and keeps strong
 * references to them and to every callback it registers (gst1-java-core and JNA would otherwise
 * let the garbage collector free a live callback). Bus messages become
 * {@link dev.salle.media.pipeline.PipelineEvent}s; RTP leaves through
 * {@link dev.salle.media.pipeline.RtpPacketListener} on GStreamer's streaming thread.
 */
package dev.salle.media.pipeline;
