package dev.salle.media.pipeline;

import java.util.function.Consumer;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.message.ErrorMessage;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.StateChangedMessage;
import org.freedesktop.gstreamer.message.WarningMessage;

/** Turns bus messages of one pipeline into {@link PipelineEvent}s. Runs on the bus dispatch thread. */
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
                ErrorMessage error = (ErrorMessage) message;
                sink.accept(new PipelineEvent.Error(pipelineName, sourceName(message), error.getMessage(),
                        debugOf(message)));
            }
            case WARNING -> {
                WarningMessage warning = (WarningMessage) message;
                sink.accept(new PipelineEvent.Warning(pipelineName, sourceName(message), warning.getMessage(),
                        debugOf(message)));
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

    private static String debugOf(Message message) {
        Structure structure = message.getStructure();
        if (structure == null || !structure.hasField("debug")) {
            return "";
        }
        try {
            String debug = structure.getString("debug");
            return debug == null ? "" : debug;
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
