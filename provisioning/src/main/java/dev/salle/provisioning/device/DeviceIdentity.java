package dev.salle.provisioning.device;

import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What enrolment gave the device: its id, its own key and the certificate chain the device CA
 * issued, the CA that certifies the broker, and the fleet settings.
 *
 * @param deviceId the id the CA put in the certificate's CN; also the MQTT client id
 * @param key the device's private key, made on the device; never logged, never sent
 * @param chain the device certificate first, then the CA
 * @param ca the organisation's CA: the only issuer the device trusts for the broker
 * @param broker where the fleet broker listens, {@code mqtts://host:port}
 * @param topicPrefix the fleet's topic prefix, e.g. {@code salle/v1}
 * @param site the site's name
 * @param room the room's name
 * @param meeting the room's meeting link, if the code set one
 * @param enrolledAt when the enrolment succeeded
 */
public record DeviceIdentity(String deviceId, PrivateKey key, List<X509Certificate> chain, X509Certificate ca,
                             URI broker, String topicPrefix, String site, String room, Optional<String> meeting,
                             Instant enrolledAt) {

    public DeviceIdentity {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a device identity needs its certificate");
        }
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(meeting, "meeting");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "DeviceIdentity[" + deviceId + ", site=" + site + ", room=" + room + ", broker=" + broker + "]";
    }
}
