package dev.salle.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.salle.provisioning.broker.DeviceAcl;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's access control, the same as the Mosquitto ACL ({@link DeviceAcl}): the
 * client certificate (already validated against the device CA by the TLS listener) names the
 * client in its CN; a device gets exactly its own topics, the fleet manager's client everything
 * under the prefix, and everything else is denied. A certificate whose serial is in the revoked
 * set is refused at connect. Called on HiveMQ's extension threads; stateless apart from the
 * revoked-set supplier, which must be thread-safe.
 */
final class CertificateAuthenticator implements SimpleAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(CertificateAuthenticator.class);

    private final String prefix;
    private final String fleetClientId;
    private final Supplier<Set<BigInteger>> revoked;

    CertificateAuthenticator(String prefix, String fleetClientId, Supplier<Set<BigInteger>> revoked) {
        this.prefix = DeviceAcl.requirePrefix(prefix);
        this.fleetClientId = fleetClientId;
        this.revoked = revoked;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        Optional<X509Certificate> certificate = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        if (certificate.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "a client certificate from the device CA is required");
            return;
        }
        X509Certificate cert = certificate.get();
        if (revoked.get().contains(cert.getSerialNumber())) {
            log.warn("refused a revoked certificate (serial {}, {})", cert.getSerialNumber().toString(16),
                    cert.getSubjectX500Principal());
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "this certificate is revoked");
            return;
        }
        Optional<String> cn = commonName(cert);
        if (cn.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "the certificate has no usable CN");
            return;
        }
        var permissions = output.getDefaultPermissions();
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        if (cn.get().equals(fleetClientId)) {
            permissions.add(permission(prefix + "/#", TopicPermission.MqttActivity.ALL));
        } else {
            for (DeviceAcl.Rule rule : DeviceAcl.DEVICE_RULES) {
                permissions.add(permission(prefix + "/devices/" + cn.get() + "/" + rule.topicSuffix(),
                        rule.access() == DeviceAcl.Access.WRITE ? TopicPermission.MqttActivity.PUBLISH
                                : TopicPermission.MqttActivity.SUBSCRIBE));
            }
        }
        output.authenticateSuccessfully();
    }

    private static TopicPermission permission(String filter, TopicPermission.MqttActivity activity) {
        return Builders.topicPermission().topicFilter(filter).type(TopicPermission.PermissionType.ALLOW)
                .activity(activity).build();
    }

    /** The CN, when it is a plain id (a CN with MQTT wildcards or a slash could widen the rules). */
    static Optional<String> commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String value
                        && value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                    return Optional.of(value);
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
