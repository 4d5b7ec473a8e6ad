package dev.salle.media.pipeline;

/**
 * What a pipeline's bus reported, as a Java value. Delivered to the listeners of the pipeline on
 * gst1-java-core's GLib main-loop thread ("gstreamer service thread"), which every pipeline of
 * the process shares: not a streaming thread, not the caller's thread. A listener must return
 * quickly (a slow one delays every pipeline's events) and must not close the pipeline from inside
 * the callback; hand the event to the application's own executor instead.
 */
public sealed interface PipelineEvent {

    /** The pipeline that reported it, e.g. "video-send". */
    String pipeline();

    /** The pipeline itself (not one of its elements) changed state; states are GStreamer names. */
    record StateChanged(String pipeline, String oldState, String newState) implements PipelineEvent {}

    /** The pipeline reached PLAYING for the first time. */
    record Started(String pipeline) implements PipelineEvent {}

    /**
     * An element failed; the pipeline does not recover by itself. The device app turns it into a
     * device state shown on screen and reported to the fleet.
     *
     * @param element name of the element that posted it
     * @param message GStreamer's human-readable message
     * @param debug   GStreamer's debug detail (source file, function, reason), may be empty
     */
    record Error(String pipeline, String element, String message, String debug) implements PipelineEvent {}

    /** An element reported a problem it worked around. */
    record Warning(String pipeline, String element, String message, String debug) implements PipelineEvent {}

    /** The stream ended (a finite source or an explicit EOS). */
    record EndOfStream(String pipeline) implements PipelineEvent {}
}
