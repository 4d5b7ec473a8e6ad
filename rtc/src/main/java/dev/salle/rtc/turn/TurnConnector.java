package dev.salle.rtc.turn;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Opens the TCP or TLS connection a {@link TurnClient} speaks over, with clear errors. */
final class TurnConnector {

    private TurnConnector() {
    }

    /** A TCP connection to {@code server}, within {@code timeoutMillis}. */
    static Socket tcp(TurnServer server, int timeoutMillis, String what) throws TurnException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(server.address(), timeoutMillis);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TurnException(TurnException.Kind.IO, "could not connect to TURN server " + server + " over "
                + what + ": " + e.getMessage() + "; is TCP port " + server.address().getPort() + " open?", e);
        }
    }

    /**
     * A TLS connection to {@code server} whose handshake is done: the chain checked against
     * {@code trust}, the certificate checked to name {@code hostName} (RFC 6125, as HTTPS does).
     */
    static SSLSocket tls(TurnServer server, String hostName, TurnTlsTrust trust, int timeoutMillis)
            throws TurnException {
        Socket plain = tcp(server, timeoutMillis, "TLS");
        try {
            SSLSocket tls = (SSLSocket) trust.socketFactory()
                .createSocket(plain, hostName, server.address().getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(timeoutMillis);
            tls.startHandshake();
            tls.setSoTimeout(0);
            return tls;
        } catch (SSLException e) {
            closeQuietly(plain);
            throw new TurnException(TurnException.Kind.TLS, "TLS handshake with TURN server " + server + " as "
                + hostName + " failed: " + e.getMessage() + ". Check that its certificate names " + hostName
                + " and chains to a trusted CA (" + trust + ")", e);
        } catch (IOException | GeneralSecurityException e) {
            closeQuietly(plain);
            throw new TurnException(TurnException.Kind.IO, "TLS connection to TURN server " + server + " as "
                + hostName + " failed: " + e.getMessage(), e);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing after a failure or at the end; what matters was reported before
        }
    }
}
