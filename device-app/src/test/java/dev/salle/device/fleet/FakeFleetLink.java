package dev.salle.device.fleet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link FleetLink} in memory: the test connects, drops and delivers with control methods. */
final class FakeFleetLink implements FleetLink {

    private final List<OutboundMessage> published = new ArrayList<>();
    private final List<String> subscriptions = new ArrayList<>();
    private OutboundMessage will;
    private Listener listener;
    private boolean connected;
    private boolean closed;
    private long connections;

    @Override
    public synchronized void start(OutboundMessage willMessage, Listener newListener) {
        this.will = willMessage;
        this.listener = newListener;
    }

    /** The broker accepted a connection. */
    void connect() {
        Listener l;
        synchronized (this) {
            connected = true;
            l = listener;
        }
        l.connected(connections++);
    }

    /** The connection broke. */
    void drop() {
        Listener l;
        synchronized (this) {
            connected = false;
            subscriptions.clear();
            l = listener;
        }
        l.connectionLost("test cut the connection");
    }

    /** A command request arrives. */
    void deliver(String topic, String payload, String responseTopic, String correlation) {
        deliver(new InboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), Optional.ofNullable(responseTopic),
                Optional.ofNullable(correlation).map(c -> c.getBytes(StandardCharsets.UTF_8))));
    }

    void deliver(InboundMessage message) {
        listener.messageArrived(message);
    }

    @Override
    public synchronized boolean isConnected() {
        return connected;
    }

    @Override
    public synchronized void publish(OutboundMessage message) throws FleetLinkException {
        if (!connected) {
            throw new FleetLinkException("fake link not connected: cannot publish to " + message.topic());
        }
        published.add(message);
    }

    @Override
    public synchronized void subscribe(String topicFilter, int qos) throws FleetLinkException {
        if (!connected) {
            throw new FleetLinkException("fake link not connected: cannot subscribe to " + topicFilter);
        }
        subscriptions.add(topicFilter);
    }

    @Override
    public synchronized void close() {
        closed = true;
        connected = false;
    }

    synchronized List<OutboundMessage> published() {
        return List.copyOf(published);
    }

    synchronized List<OutboundMessage> publishedOn(String topic) {
        return published.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    synchronized void clearPublished() {
        published.clear();
    }

    synchronized List<String> subscriptions() {
        return List.copyOf(subscriptions);
    }

    synchronized OutboundMessage will() {
        return will;
    }

    synchronized boolean closed() {
        return closed;
    }
}
