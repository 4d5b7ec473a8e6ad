package dev.salle.media.elements;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A registry holding exactly the elements a test puts in it. */
final class FakeElementRegistry implements ElementRegistry {

    private final Set<String> factories = new HashSet<>();

    static FakeElementRegistry with(String... factoryNames) {
        FakeElementRegistry registry = new FakeElementRegistry();
        registry.add(factoryNames);
        return registry;
    }

    /** Everything the pipelines need with no alternative, and no optional element. */
    static FakeElementRegistry withRequiredOnly() {
        return with(RequiredElements.ALL.toArray(String[]::new));
    }

    FakeElementRegistry add(String... factoryNames) {
        factories.addAll(Arrays.asList(factoryNames));
        return this;
    }

    FakeElementRegistry remove(String... factoryNames) {
        List.of(factoryNames).forEach(factories::remove);
        return this;
    }

    @Override
    public boolean has(String factoryName) {
        return factories.contains(factoryName);
    }
}
