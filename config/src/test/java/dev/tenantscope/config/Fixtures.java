package dev.tenantscope.config;

import java.nio.file.Path;
import java.util.Map;

final class Fixtures {
    static final Environment NO_ENV = Environment.of(Map.of());

    private Fixtures() {}

    static ConfigTree tree(String name) {
        return ConfigTree.read(Path.of("src/test/resources/config", name), NO_ENV);
    }
}
