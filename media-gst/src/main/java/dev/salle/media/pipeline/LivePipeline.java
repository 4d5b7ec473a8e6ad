package dev.salle.media.pipeline;

import dev.salle.media.MediaRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.GError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GStreamer pipeline built from a launch description, with its bus turned into
 * {@link PipelineEvent}s. Holds strong references to the pipeline, the elements handed out and the
 * bus callback for as long as it is open. Methods are thread-safe; close is idempotent.
 */
final class LivePipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LivePipeline.class);

    private final String name;
    private final Pipeline pipeline;
    private final Bus bus;
    private final Bus.MESSAGE busCallback;
    private final List<Consumer<PipelineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Element> heldElements = new ArrayList<>();
    private boolean closed;

    LivePipeline(String name, String description) {
        this.name = Objects.requireNonNull(name, "name");
        MediaRuntime.ensureInitialised();
        List<GError> errors = new ArrayList<>();
        Element parsed;
        try {
            parsed = Gst.parseLaunch(description, errors);
        } catch (GstException e) {
            throw new IllegalStateException("could not build pipeline " + name + " from '" + description
                    + "': " + e.getMessage() + "; check the elements with gst-inspect-1.0", e);
        }
        if (!(parsed instanceof Pipeline built) || !errors.isEmpty()) {
            throw new IllegalStateException("could not build pipeline " + name + " from '" + description
                    + "': " + errors.stream().map(GError::getMessage).toList()
                    + "; check the elements with gst-inspect-1.0");
        }
        this.pipeline = built;
        this.bus = built.getBus();
        BusEventTranslator translator = new BusEventTranslator(name, built, this::publish);
        this.busCallback = translator::onMessage;
        bus.connect(busCallback);
    }

    String name() {
        return name;
    }

    void addListener(Consumer<PipelineEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void removeListener(Consumer<PipelineEvent> listener) {
        listeners.remove(listener);
    }

    /** The element of that name; kept referenced until close. */
    synchronized Element element(String elementName) {
        ensureOpen();
        Element element = pipeline.getElementByName(elementName);
        if (element == null) {
            throw new IllegalStateException("pipeline " + name + " has no element named '" + elementName
                    + "'; this is a bug in the pipeline description");
        }
        heldElements.add(element);
        return element;
    }

    /** Asks for PLAYING. Live pipelines reach it asynchronously; failures arrive as {@link PipelineEvent.Error}. */
    synchronized void play() {
        ensureOpen();
        StateChangeReturn result = pipeline.play();
        if (result == StateChangeReturn.FAILURE) {
            LOG.debug("pipeline {} refused PLAYING; the error arrives on the bus", name);
        }
    }

    private void publish(PipelineEvent event) {
        for (Consumer<PipelineEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("listener of pipeline {} failed on {}; other listeners still get it", name, event, e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("pipeline " + name + " is closed; create a new one");
        }
    }

    /** Sets NULL, detaches the bus callback and disposes the native pipeline. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pipeline.stop();
        bus.disconnect(busCallback);
        heldElements.clear();
        pipeline.dispose();
        listeners.clear();
    }
}
