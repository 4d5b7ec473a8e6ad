package dev.salle.device.fleet;

/**
 * The transport between a device and its fleet broker: connect, keep connected, publish,
 * subscribe.
 *
 * <p>Contract: after {@link #start} the link connects and, whenever the connection is lost or an
 * attempt fails, tries again with its own backoff until {@link #close}. Subscriptions do not
 * survive a reconnect (clean start): the listener re-subscribes in {@link Listener#connected}.
 *
 * <p>Threading: {@link #publish}, {@link #subscribe} and {@link #isConnected} may be called from any
 * thread; {@code publish} and {@code subscribe} block until the broker acknowledged (bounded by
 * the implementation's timeout). Listener methods are called from the link's threads, one at a
 * time, and must return quickly (hand work to an executor).
 */
public interface FleetLink extends AutoCloseable {

    /**
     * Starts connecting. Call once.
     *
     * @param will published by the broker if this device vanishes without a clean disconnect
     * @param listener told about connections and incoming messages
     */
    void start(OutboundMessage will, Listener listener);

    /** True while a connection to the broker is up. */
    boolean isConnected();

    /** Publishes one message; fails at once when not connected. */
    void publish(OutboundMessage message) throws FleetLinkException;

    /** Subscribes on the current connection. */
    void subscribe(String topicFilter, int qos) throws FleetLinkException;

    /** Disconnects normally (the broker drops the will) and stops reconnecting. Idempotent. */
    @Override
    void close();

    /** Told what happens on the link. */
    interface Listener {

        /**
         * A connection is up (the first or a reconnect).
         *
         * @param reconnects how many connections came before this one
         */
        void connected(long reconnects);

        /** The connection went down; the link is already trying again. */
        void connectionLost(String reason);

        /** A message arrived on a subscription. */
        void messageArrived(InboundMessage message);
    }
}
