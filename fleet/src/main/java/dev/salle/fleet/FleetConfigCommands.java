package dev.salle.fleet;

import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigScope;
import dev.salle.fleet.config.DeviceConfigStatus;
import dev.salle.fleet.config.LayerResolution;
import dev.salle.fleet.config.LayerRefusedException;
import dev.salle.fleet.config.LayeredValue;
import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./salle fleet config set|unset|layers|show}: configuration in layers (organisation, site,
 * room, device), stored in the fleet's database; the running {@code fleet serve} sends each online
 * device its values within seconds, and an offline device when it returns.
 */
@Command(name = "config", description = "Set configuration for the organisation, a site, a room or a device.",
        subcommands = {FleetConfigCommands.Set.class, FleetConfigCommands.Unset.class, FleetConfigCommands.Layers.class,
                FleetConfigCommands.Show.class})
final class FleetConfigCommands implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The layers of the command's database, migrated first (opening the registry does it). */
    static ConfigLayers layers(FleetMain.Sub command) {
        command.registry().close();
        return new ConfigLayers(command.jdbcUrl(), command.dbUser(), command.password());
    }

    static ConfigScope scope(CommandLine line, String text) {
        try {
            return ConfigScope.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(line, "--scope: " + e.getMessage());
        }
    }

    @Command(name = "set", description = "Set KEY=VALUE in one layer: set --scope site=Lyon call.join-timeout=30s")
    static final class Set extends FleetMain.Sub {
        @Option(names = "--scope", required = true, description = "org, site=NAME, room=SITE/ROOM or device=ID.")
        String scope;

        @Parameters(paramLabel = "KEY=VALUE", arity = "1..*", description = "Device settings (docs/configuration.md).")
        List<String> assignments;

        @Override
        public Integer call() {
            ConfigScope s = scope(spec.commandLine(), scope);
            Map<String, String> values = new LinkedHashMap<>();
            for (String a : assignments) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "'" + a + "' is not KEY=VALUE");
                }
                if (values.put(a.substring(0, eq), a.substring(eq + 1)) != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "'" + a.substring(0, eq) + "' is given twice");
                }
            }
            try (DeviceRegistry registry = registry(); ConfigLayers layers = new ConfigLayers(jdbcUrl(), dbUser(), password())) {
                layers.set(s, values, "cli", Instant.now());
                long reached = registry.devices(Optional.empty()).stream().filter(d -> LayerResolution.applies(s, d.id(), d.site(), d.room())).count();
                out().printf("Set %d value(s) for %s. It applies to %d known device(s); the running fleet manager sends"
                        + " them within seconds, and an offline device gets them when it returns.%n", values.size(), s, reached);
            } catch (LayerRefusedException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + "; nothing was stored");
            }
            return 0;
        }
    }

    @Command(name = "unset", description = "Remove keys from one layer; the next wider layer's value takes over.")
    static final class Unset extends FleetMain.Sub {
        @Option(names = "--scope", required = true, description = "org, site=NAME, room=SITE/ROOM or device=ID.")
        String scope;

        @Parameters(paramLabel = "KEY", arity = "1..*")
        List<String> keys;

        @Override
        public Integer call() {
            ConfigScope s = scope(spec.commandLine(), scope);
            try (ConfigLayers layers = layers(this)) {
                List<String> removed = layers.unset(s, keys);
                List<String> absent = keys.stream().filter(k -> !removed.contains(k)).toList();
                out().printf("Removed %s from %s.%s%n", removed.isEmpty() ? "nothing" : String.join(", ", removed), s,
                        absent.isEmpty() ? "" : " Not set there: " + String.join(", ", absent) + ".");
                return removed.isEmpty() ? 1 : 0;
            }
        }
    }

    @Command(name = "layers", description = "List every layered value, or one layer's with --scope.")
    static final class Layers extends FleetMain.Sub {
        @Option(names = "--scope", description = "Only this layer: org, site=NAME, room=SITE/ROOM or device=ID.")
        String scope;

        @Override
        public Integer call() {
            Optional<ConfigScope> only = Optional.ofNullable(scope).map(t -> scope(spec.commandLine(), t));
            try (ConfigLayers layers = layers(this)) {
                List<LayeredValue> values = layers.all().stream().filter(v -> only.map(v.scope()::equals).orElse(true)).toList();
                out().printf("%-28s  %-32s  %-24s  %s%n", "scope", "key", "value", "set by, at");
                for (LayeredValue v : values) {
                    out().printf("%-28s  %-32s  %-24s  %s, %s%n", v.scope(), v.key(), v.value(), v.updatedBy(),
                            v.updatedAt().truncatedTo(ChronoUnit.SECONDS));
                }
                out().printf("%d value(s)%n", values.size());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A device's layered configuration: each value, where it comes from, and whether the device has it.")
    static final class Show extends FleetMain.Sub {
        @Option(names = "--device", required = true, description = "The device id.")
        String device;

        @Override
        public Integer call() {
            try (DeviceRegistry registry = registry(); ConfigLayers layers = new ConfigLayers(jdbcUrl(), dbUser(), password())) {
                Optional<DeviceRecord> record = registry.device(device);
                if (record.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no device '" + device
                            + "' in this registry; ./salle fleet devices lists them");
                }
                DeviceRecord d = record.get();
                Map<String, LayeredValue> effective = LayerResolution.effective(layers.all(), d.id(), d.site(), d.room());
                DeviceConfigStatus status = layers.status(d.id());
                out().printf("%s (room %s, site %s)%n", d.id(), d.room().orElse("-"), d.site().orElse("-"));
                out().printf("%-32s  %-24s  %-28s  %s%n", "key", "value", "from", "on the device");
                for (LayeredValue v : effective.values()) {
                    String there = v.value().equals(status.applied().get(v.key())) ? "yes" : "pending";
                    out().printf("%-32s  %-24s  %-28s  %s%n", v.key(), v.value(), v.scope(), there);
                }
                boolean inSync = LayerResolution.hash(LayerResolution.values(effective)).equals(status.appliedHash());
                out().printf("%d layered value(s); %s%n", effective.size(), inSync ? "the device has them all"
                        : status.error().map(e -> "the device refused them: " + e)
                                .orElse(d.online() ? "being sent" : "sent when the device is online again"));
            }
            return 0;
        }
    }
}
