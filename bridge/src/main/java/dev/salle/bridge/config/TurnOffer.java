package dev.salle.bridge.config;

import dev.salle.rtc.turn.TurnRestCredentials;
import dev.salle.rtc.turn.TurnServerUrl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The TURN servers the bridge hands every client in its JoinResponse ({@code ice_servers}), with
 * time-limited credentials from a secret shared with the TURN server: coturn's
 * {@code use-auth-secret} / {@code static-auth-secret} (the TURN REST API scheme, see
 * {@link TurnRestCredentials}). {@link #toString()} never shows the secret.
 *
 * @param urls {@code turn:} or {@code turns:} URLs, at least one
 * @param secret the shared secret (coturn's {@code static-auth-secret})
 * @param credentialLifetime how long each client's credentials stay valid
 */
public record TurnOffer(List<TurnServerUrl> urls, String secret, Duration credentialLifetime) {

    /** Credentials last as long as a default access token: 6 hours. */
    public static final Duration DEFAULT_CREDENTIAL_LIFETIME = Duration.ofHours(6);
    /** At most this many URLs. */
    public static final int MAX_URLS = 4;

    public TurnOffer {
        urls = List.copyOf(urls);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(credentialLifetime, "credentialLifetime");
    }

    /**
     * The offer from the {@code turn-url} and {@code turn-secret} options; empty when neither is given.
     *
     * @throws ConfigException naming the key, the bad value (never the secret) and what is allowed
     */
    public static Optional<TurnOffer> validated(List<String> urls, Optional<String> secret) throws ConfigException {
        List<String> given = urls == null ? List.of() : urls;
        if (given.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (given.isEmpty()) {
            throw new ConfigException("turn-secret is set but no turn-url; give the TURN server's URL, e.g."
                    + " turn:turn.example.org:3478?transport=udp, or drop turn-secret");
        }
        if (secret.isEmpty() || secret.get().isBlank()) {
            throw new ConfigException("turn-url is set but turn-secret is missing or empty; give coturn's"
                    + " static-auth-secret (use-auth-secret) with --turn-secret or SALLE_TURN_SECRET");
        }
        if (secret.get().length() < 16 || !secret.get().strip().equals(secret.get())) {
            throw new ConfigException("turn-secret is " + secret.get().length() + " characters" + ": allowed: at least"
                    + " 16, without leading or trailing spaces (the value is not shown)");
        }
        if (given.size() > MAX_URLS) {
            throw new ConfigException("turn-url is given " + given.size() + " times; allowed: at most " + MAX_URLS);
        }
        List<TurnServerUrl> parsed = new ArrayList<>();
        for (String url : given) {
            TurnServerUrl u;
            try {
                u = TurnServerUrl.parse(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("turn-url: " + e.getMessage());
            }
            if (u.scheme() == TurnServerUrl.Scheme.STUN) {
                throw new ConfigException("turn-url is '" + url + "'; allowed: turn: or turns: URLs (a stun: server"
                        + " relays nothing)");
            }
            parsed.add(u);
        }
        return Optional.of(new TurnOffer(parsed, secret.get(), DEFAULT_CREDENTIAL_LIFETIME));
    }

    /** Credentials for one participant ({@code id} without ':', e.g. its SID), valid from {@code now}. */
    public TurnRestCredentials credentialsFor(String id, Instant now) {
        return TurnRestCredentials.issue(secret.getBytes(StandardCharsets.UTF_8), id, now, credentialLifetime);
    }

    @Override
    public String toString() {
        return "TurnOffer[" + urls + ", credentials for " + credentialLifetime + " from a shared secret]";
    }
}
