package dev.salle.provisioning.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.device.EnrolmentFailure.Reason;
import dev.salle.provisioning.qr.EnrolmentPayload;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's side of enrolment: makes a key pair on the device, sends a certificate request with
 * the code to the enrolment URL over HTTPS pinned to the code's CA, and checks the reply before
 * anything is kept. One call, one attempt; {@link EnrolmentFailure.Reason#retryable()} tells the
 * caller whether to try again. Thread-safe; each call uses its own HTTP client.
 *
 * <p>The wire format is in {@code docs/provisioning.md} ("Enrolment service").
 */
public final class EnrolmentClient {

    /** Replies larger than this are refused unread. */
    static final int MAX_REPLY = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Logger log = LoggerFactory.getLogger(EnrolmentClient.class);

    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public EnrolmentClient(Clock clock) {
        this.clock = clock;
    }

    /** Enrols with the code in {@code payload}; the returned identity is not yet stored. */
    public DeviceIdentity enrol(EnrolmentPayload payload) throws EnrolmentFailure, InterruptedException {
        KeyPair pair = DeviceKeys.generate();
        ObjectNode body = json.createObjectNode()
                .put("code", Base64.getUrlEncoder().withoutPadding().encodeToString(payload.code()))
                .put("csr", DeviceKeys.certificateRequest(pair));
        HttpRequest request = HttpRequest.newBuilder(payload.enrolmentUrl())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        PinnedTrust trust = new PinnedTrust(payload.caPin(), clock);
        try (HttpClient http = HttpClient.newBuilder().sslContext(trust.sslContext())
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String text = read(response.body());
            if (response.statusCode() != 200) {
                throw refusal(response.statusCode(), text, response.headers().firstValue("Retry-After"));
            }
            DeviceIdentity identity = identity(text, pair, payload);
            log.info("enrolled as {} in room '{}' of site '{}'", identity.deviceId(), identity.room(), identity.site());
            return identity;
        } catch (HttpTimeoutException e) {
            throw new EnrolmentFailure(Reason.UNREACHABLE, "the enrolment server " + host(payload)
                    + " did not answer in time", e);
        } catch (SSLException e) {
            if (causedByPin(e)) {
                throw new EnrolmentFailure(Reason.WRONG_SERVER, "the enrolment server " + host(payload)
                        + " is not certified by the CA the code pins: " + rootMessage(e), e);
            }
            throw new EnrolmentFailure(Reason.UNREACHABLE, "the TLS connection to " + host(payload) + " failed: "
                    + rootMessage(e), e);
        } catch (IOException e) {
            if (causedByPin(e)) {
                throw new EnrolmentFailure(Reason.WRONG_SERVER, "the enrolment server " + host(payload)
                        + " is not certified by the CA the code pins: " + rootMessage(e), e);
            }
            throw new EnrolmentFailure(Reason.UNREACHABLE, "could not reach the enrolment server " + host(payload)
                    + ": " + rootMessage(e), e);
        }
    }

    private EnrolmentFailure refusal(int status, String text, Optional<String> retryAfter) {
        String error = "";
        String message = "";
        try {
            JsonNode node = json.readTree(text);
            error = node.path("error").asText("");
            message = node.path("message").asText("");
        } catch (IOException e) {
            // not JSON: judge by the status alone
        }
        String detail = "the enrolment server answered " + status + (error.isEmpty() ? "" : " " + error)
                + (message.isEmpty() ? "" : ": " + truncate(message));
        Reason reason = switch (error) {
            case "unknown_code" -> Reason.CODE_UNKNOWN;
            case "code_used" -> Reason.CODE_USED;
            case "code_expired" -> Reason.CODE_EXPIRED;
            case "code_revoked" -> Reason.CODE_REVOKED;
            case "rate_limited" -> Reason.RATE_LIMITED;
            case "bad_csr", "malformed_request", "too_large" -> Reason.REFUSED;
            default -> status == 429 ? Reason.RATE_LIMITED
                    : status >= 500 ? Reason.SERVER_ERROR
                    : status == 404 ? Reason.CODE_UNKNOWN
                    : Reason.BAD_REPLY;
        };
        return new EnrolmentFailure(reason, detail + retryAfter.map(s -> " (retry after " + truncate(s) + " s)").orElse(""));
    }

    private DeviceIdentity identity(String text, KeyPair pair, EnrolmentPayload payload) throws EnrolmentFailure {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            throw bad("the reply is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw bad("the reply is not a JSON object");
        }
        String deviceId = field(node, "deviceId", 64);
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw bad("the device id '" + truncate(deviceId) + "' is not allowed");
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(field(node, "certificateChain", Pem.MAX_TEXT));
        } catch (IllegalArgumentException e) {
            throw bad("the certificate chain is damaged: " + e.getMessage());
        }
        X509Certificate ca = chain.stream().filter(c -> Arrays.equals(DeviceCa.pin(c), payload.caPin())).findFirst()
                .orElseThrow(() -> bad("the certificate chain does not include the pinned CA"));
        X509Certificate mine = chain.get(0);
        try {
            mine.verify(ca.getPublicKey());
            mine.checkValidity(java.util.Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw bad("the device certificate is not valid under the pinned CA: " + e.getMessage());
        }
        if (!mine.getPublicKey().equals(pair.getPublic())) {
            throw bad("the device certificate is for another key");
        }
        if (!("CN=" + deviceId).equals(commonName(mine))) {
            throw bad("the device certificate names " + commonName(mine) + ", not " + deviceId);
        }
        URI broker;
        try {
            broker = URI.create(field(node, "broker", 200));
        } catch (IllegalArgumentException e) {
            throw bad("the broker address is not a URI");
        }
        if (!"mqtts".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() < 1
                || broker.getRawUserInfo() != null) {
            throw bad("the broker address " + broker + " is not mqtts://host:port");
        }
        String prefix = field(node, "topicPrefix", 100);
        if (!TOPIC_PREFIX.matcher(prefix).matches()) {
            throw bad("the topic prefix '" + truncate(prefix) + "' is not allowed");
        }
        String site = field(node, "site", 80);
        String room = field(node, "room", 80);
        Optional<String> meeting = node.hasNonNull("meeting") ? Optional.of(field(node, "meeting", 200)) : Optional.empty();
        return new DeviceIdentity(deviceId, pair.getPrivate(), chain, ca, broker, prefix, site, room, meeting,
                clock.instant());
    }

    private static String commonName(X509Certificate cert) {
        return Arrays.stream(cert.getSubjectX500Principal().getName().split(","))
                .filter(p -> p.startsWith("CN=")).findFirst().orElse("no CN");
    }

    private static String field(JsonNode node, String name, int maxLength) throws EnrolmentFailure {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw bad("the reply has no text field '" + name + "'");
        }
        String text = value.asText();
        if (text.length() > maxLength || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
            throw bad("the reply's field '" + name + "' is too long or holds control characters");
        }
        return text;
    }

    private static EnrolmentFailure bad(String message) {
        return new EnrolmentFailure(Reason.BAD_REPLY, message);
    }

    private static String read(InputStream in) throws IOException, EnrolmentFailure {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_REPLY + 1);
            if (bytes.length > MAX_REPLY) {
                throw bad("the reply is over " + MAX_REPLY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static boolean causedByPin(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PinnedTrust.PinMismatchException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String host(EnrolmentPayload payload) {
        return payload.enrolmentUrl().getHost();
    }

    private static String truncate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
