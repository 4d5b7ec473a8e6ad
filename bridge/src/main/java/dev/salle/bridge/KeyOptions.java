package dev.salle.bridge;

import dev.salle.bridge.config.ConfigException;
import dev.salle.bridge.config.KeySource;
import dev.salle.rtc.token.ApiKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --keys} and {@code --dev} options shared by {@code bridge} and {@code token}. */
final class KeyOptions {

    @Option(names = "--keys", paramLabel = "\"KEY: SECRET\"",
            description = "An API key and its secret (repeatable, or several lines). Default: $"
                    + KeySource.ENV + ".")
    List<String> keys = new ArrayList<>();

    @Option(names = "--dev", description = "Development mode: the public key devkey/secret, on 127.0.0.1 only.")
    boolean dev;

    ApiKeys resolve(Map<String, String> env) throws ConfigException {
        return KeySource.resolve(keys, dev, env);
    }
}
