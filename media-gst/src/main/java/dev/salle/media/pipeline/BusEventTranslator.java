package dev.salle.media.pipeline;

import dev.salle.media.pipeline.internal.GstMessageNative;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.StateChangedMessage;

/** Turns bus messages of one pipeline into {@link PipelineEvent}s. Runs on the shared GStreamer bus thread. */
final class BusEventTranslator {

    private final String pipelineName;
    private final Pipeline pipeline;
    private final Consumer<PipelineEvent> sink;
    private volatile boolean started;

    BusEventTranslator(String pipelineName, Pipeline pipeline, Consumer<PipelineEvent> sink) {
        this.pipelineName = pipelineName;
        this.pipeline = pipeline;
        this.sink = sink;
    }

    void onMessage(org.freedesktop.gstreamer.Bus bus, Message message) {
        switch (message.getType()) {
            case ERROR -> {
                GstMessageNative.Detail error = GstMessageNative.parseError(message);
                sink.accept(new PipelineEvent.Error(pipelineName, sourceName(message), error.message(), error.debug()));
            }
            case WARNING -> {
                GstMessageNative.Detail warning = GstMessageNative.parseWarning(message);
                sink.accept(new PipelineEvent.Warning(pipelineName, sourceName(message), warning.message(),
                        warning.debug()));
            }
            case EOS -> sink.accept(new PipelineEvent.EndOfStream(pipelineName));
            case STATE_CHANGED -> onStateChanged((StateChangedMessage) message);
            default -> { }
        }
    }

    private void onStateChanged(StateChangedMessage message) {
        GstObject source = message.getSource();
        if (source == null || !source.getName().equals(pipeline.getName())) {
            return;
        }
        State newState = message.getNewState();
        sink.accept(new PipelineEvent.StateChanged(pipelineName, message.getOldState().name(), newState.name()));
        if (newState == State.PLAYING && !started) {
            started = true;
            sink.accept(new PipelineEvent.Started(pipelineName));
        }
    }

    private static String sourceName(Message message) {
        GstObject source = message.getSource();
        return source == null ? "(unknown element)" : source.getName();
    }
}
