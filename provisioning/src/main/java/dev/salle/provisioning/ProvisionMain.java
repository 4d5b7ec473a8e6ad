package dev.salle.provisioning;

import dev.salle.provisioning.service.EnrolledDevice;
import dev.salle.provisioning.service.EnrolmentCode;
import dev.salle.provisioning.service.EnrolmentServer;
import dev.salle.provisioning.service.IssuedCode;
import dev.salle.provisioning.service.ProvisioningAdmin;
import dev.salle.provisioning.service.SourceRateLimiter;
import dev.salle.provisioning.sheet.EnrolmentSheet;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./salle provision}: IT's enrolment codes. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Enrolment codes for rooms: set up, issue (with a printable sheet), list, revoke, serve.",
        subcommands = {ProvisionMain.Init.class, ProvisionMain.Code.class, ProvisionMain.ListAll.class,
                ProvisionMain.Revoke.class, ProvisionMain.Serve.class})
public final class ProvisionMain implements Runnable {

    static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,4})([mhd])");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(Clock.systemUTC()).execute(args));
    }

    /** The command line, with user errors printed as one line and exit code 1. */
    public static CommandLine commandLine(Clock clock) {
        CommandLine line = new CommandLine(new ProvisionMain(), new Factory(clock));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("provision: " + e.getMessage());
            return 1;
        });
        return line;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path dataDir(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("SALLE_DATA");
        return env != null && !env.isBlank() ? Path.of(env, "provisioning")
                : Path.of(System.getProperty("user.home"), ".local", "share", "salle", "provisioning");
    }

    static Duration duration(String text, CommandLine line) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new CommandLine.ParameterException(line,
                    "'" + text + "' is not a duration: use a number and m, h or d, such as 30m, 12h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Gives every subcommand the clock. */
    private record Factory(Clock clock) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (Sub.class.isAssignableFrom(type)) {
                K sub = CommandLine.defaultFactory().create(type);
                ((Sub) sub).clock = clock;
                return sub;
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    abstract static class Sub implements Callable<Integer> {
        Clock clock = Clock.systemUTC();

        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR",
                description = "The provisioning folder (default $SALLE_DATA/provisioning or ~/.local/share/salle/provisioning).")
        Path data;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "init", description = "Create the device CA and the provisioning key in the data folder.")
    static final class Init extends Sub {
        @Option(names = "--org", required = true, description = "The organisation's name, e.g. \"Préfecture du Rhône\".")
        String organisation;

        @Option(names = "--enrolment-url", defaultValue = "https://127.0.0.1:8443/enrol",
                description = "Where devices send their request (default ${DEFAULT-VALUE}).")
        URI enrolmentUrl;

        @Option(names = "--broker", defaultValue = "mqtts://127.0.0.1:8883",
                description = "The fleet broker devices connect to (default ${DEFAULT-VALUE}).")
        URI broker;

        @Override
        public Integer call() {
            Path dir = dataDir(data);
            ProvisioningAdmin admin = ProvisioningAdmin.init(dir, organisation, enrolmentUrl, broker, clock);
            out().printf("Set up %s for %s.%n", dir, organisation);
            out().printf("  device CA pin (SHA-256 of its key): %s%n", admin.ca().pinHex());
            out().printf("  trust anchor for device images: %s%n", dir.resolve(ProvisioningAdmin.PROVISIONING_PUB));
            out().printf("  keep %s and %s private (mode 0600).%n", dir.resolve("ca/ca.key"),
                    dir.resolve(ProvisioningAdmin.PROVISIONING_KEY));
            return 0;
        }
    }

    @Command(name = "code", description = "Issue a single-use enrolment code for a room and write its printable sheet.")
    static final class Code extends Sub {
        @Option(names = "--site", required = true, description = "The site's name.")
        String site;

        @Option(names = "--room", required = true, description = "The room's name.")
        String room;

        @Option(names = "--meeting", description = "The room's meeting link.")
        String meeting;

        @Option(names = "--valid", defaultValue = "7d", description = "How long the code works: 30m, 12h, 7d (default 7d, at most 90d).")
        String valid;

        @Option(names = "--enrolment-url", description = "Overrides the folder's enrolment URL for this code.")
        URI enrolmentUrl;

        @Option(names = "--out", paramLabel = "FILE.png", description = "Where to write the A4 sheet (default ./enrol-<room>.png).")
        Path sheet;

        @Override
        public Integer call() {
            ProvisioningAdmin admin = ProvisioningAdmin.open(dataDir(data), clock);
            Duration validity = duration(valid, spec.commandLine());
            IssuedCode issued = enrolmentUrl == null
                    ? admin.issueCode(site, room, Optional.ofNullable(meeting), validity)
                    : admin.issueCode(site, room, Optional.ofNullable(meeting), validity, enrolmentUrl);
            Path png = sheet != null ? sheet
                    : Path.of("enrol-" + room.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".png");
            EnrolmentSheet.write(png, issued.qrText(), site, room, issued.code().expiresAt(), issued.code().id());
            out().printf("Code %s for room '%s' of site '%s', valid until %s.%n", issued.code().id(), room, site,
                    issued.code().expiresAt());
            out().printf("Sheet: %s%n", png.toAbsolutePath());
            out().printf("QR text (a secret until used): %s%n", issued.qrText());
            return 0;
        }
    }

    @Command(name = "list", description = "List the codes and the enrolled devices.")
    static final class ListAll extends Sub {
        @Override
        public Integer call() {
            ProvisioningAdmin admin = ProvisioningAdmin.open(dataDir(data), clock);
            List<EnrolmentCode> codes = admin.codes();
            out().printf("%d code(s)%n", codes.size());
            out().printf("  %-12s  %-8s  %-20s  %-24s  %s%n", "id", "state", "expires", "room", "site / device");
            for (EnrolmentCode c : codes) {
                out().printf("  %-12s  %-8s  %-20s  %-24s  %s%s%n", c.id(), c.state().name().toLowerCase(java.util.Locale.ROOT),
                        c.expiresAt(), c.room(), c.site(), c.usedBy().map(d -> " → " + d).orElse(""));
            }
            List<EnrolledDevice> devices = admin.devices();
            out().printf("%d device(s)%n", devices.size());
            out().printf("  %-14s  %-8s  %-20s  %-24s  %s%n", "id", "state", "enrolled", "room", "site");
            for (EnrolledDevice d : devices) {
                out().printf("  %-14s  %-8s  %-20s  %-24s  %s%n", d.id(), d.revoked() ? "revoked" : "active",
                        d.enrolledAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), d.room(), d.site());
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a code (by code id) or a device (by device id; its certificate goes into crl.pem).")
    static final class Revoke extends Sub {
        @Parameters(paramLabel = "ID", description = "A code id or a device id, as 'list' shows them.")
        String id;

        @Override
        public Integer call() {
            ProvisioningAdmin admin = ProvisioningAdmin.open(dataDir(data), clock);
            Object revoked = admin.revoke(id);
            if (revoked instanceof EnrolledDevice d) {
                out().printf("Device %s revoked; %s lists its certificate. Give the broker the new CRL (restart it) so"
                        + " the device can no longer connect.%n", d.id(), admin.crlFile());
            } else {
                out().printf("Code %s revoked: no device can enrol with it.%n", id);
            }
            return 0;
        }
    }

    @Command(name = "serve", description = "Run the enrolment service until Ctrl-C.")
    static final class Serve extends Sub {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "-1", description = "Port (default: the enrolment URL's).")
        int port;

        @Option(names = "--topic-prefix", defaultValue = "salle/v1", description = "The fleet's topic prefix (default ${DEFAULT-VALUE}).")
        String topicPrefix;

        @Override
        public Integer call() throws InterruptedException {
            ProvisioningAdmin admin = ProvisioningAdmin.open(dataDir(data), clock);
            URI url = admin.enrolmentUrl();
            int listen = port >= 0 ? port : (url.getPort() > 0 ? url.getPort() : 443);
            List<String> names = url.getHost().equals("127.0.0.1") ? List.of("127.0.0.1") : List.of(url.getHost(), "127.0.0.1");
            EnrolmentServer server = new EnrolmentServer(host, listen, admin.ca().issueServer("enrolment", names),
                    admin.service(topicPrefix), SourceRateLimiter.standard(clock), admin::crlPem);
            server.start();
            out().printf("Enrolment service on %s:%d for %s (Ctrl-C stops it).%n", host, server.port(), url);
            out().flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stop.countDown();
            }, "enrolment-stop"));
            stop.await();
            return 0;
        }
    }
}
