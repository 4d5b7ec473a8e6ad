package dev.salle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away test CA and one server certificate it signed (P-256 keys, valid two days), made
 * with {@code openssl} in a folder of their own: for TLS servers in tests (coturn's {@code turns:}).
 * The server certificate names {@code 127.0.0.1} and {@link #HOST_NAME} (and any more addresses
 * asked for). Nothing here is secret.
 *
 * @param folder where the files are
 * @param caCertificate the CA's certificate, PEM
 * @param serverCertificate the server's certificate, PEM
 * @param serverKey the server's private key, PEM, unencrypted
 */
public record TestCertificates(Path folder, Path caCertificate, Path serverCertificate, Path serverKey) {

    /** The DNS name the server certificate holds besides 127.0.0.1. */
    public static final String HOST_NAME = "turn.salle.test";
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** Makes a new CA and server certificate in {@code folder} (created if absent). */
    public static TestCertificates create(Path folder, String caName) {
        return create(folder, caName, List.of());
    }

    /**
     * As {@link #create(Path, String)}, the server certificate also naming {@code moreAddresses}
     * (a server inside a test's network namespace, say).
     */
    public static TestCertificates create(Path folder, String caName, List<String> moreAddresses) {
        RealDependency.require(Files.isExecutable(OPENSSL), "openssl (Debian package openssl)");
        StringBuilder names = new StringBuilder("subjectAltName=IP:127.0.0.1");
        for (String address : moreAddresses) {
            if (!address.matches("[0-9a-fA-F.:]{2,45}")) {
                throw new IllegalArgumentException("not an IP address: " + address);
            }
            names.append(",IP:").append(address);
        }
        names.append(",DNS:").append(HOST_NAME).append('\n');
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("server.ext"), names.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + folder + ": " + e.getMessage(), e);
        }
        openssl(folder, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=" + caName);
        openssl(folder, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=" + HOST_NAME);
        openssl(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        return new TestCertificates(folder, folder.resolve("ca.pem"), folder.resolve("server.pem"),
            folder.resolve("server.key"));
    }

    /** The CA certificate, to trust in a client. */
    public X509Certificate ca() {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("could not read the test CA " + caCertificate + ": " + e.getMessage(), e);
        }
    }

    private static void openssl(Path folder, String... args) {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("openssl.out").toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " did not finish in 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed with "
                    + process.exitValue() + ": " + Files.readString(folder.resolve("openssl.out")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
