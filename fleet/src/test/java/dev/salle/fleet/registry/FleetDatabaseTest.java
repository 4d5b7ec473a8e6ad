package dev.salle.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetDatabaseTest {

    /** Each H2 migration as released: version, script and the checksum Flyway recorded then. */
    private static final List<String> RELEASED_H2 = List.of(
            "1 V1__devices.sql 786075331",
            "2 V2__rollouts.sql -1673378771",
            "3 V3__rollout_bundle.sql 1302643920",
            "4 V4__console.sql -1399285525",
            "5 V5__config_layers.sql 2108594028",
            "6 V6__rollout_control.sql -154137570",
            "7 V7__leader_lease.sql 1811735267",
            "8 V8__device_health.sql -1478648118");

    @Test
    void theUrlChoosesTheDatabaseAndAnyOtherIsRefusedWithoutItsPassword() {
        assertThat(FleetDatabase.vendor("jdbc:h2:file:/var/lib/salle/fleet")).isEqualTo(FleetDatabase.Vendor.H2);
        assertThat(FleetDatabase.vendor("jdbc:postgresql://db.example:5432/fleet")).isEqualTo(FleetDatabase.Vendor.POSTGRESQL);

        for (String bad : List.of("fleet.db", "postgresql://db.example/fleet", "jdbc:mysql://db.example/fleet?password=hunter2")) {
            assertThatThrownBy(() -> FleetDatabase.vendor(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE").hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void passwordsInUrlsAndMessagesAreHidden() {
        assertThat(FleetDatabase.redact("jdbc:postgresql://db:5432/fleet?user=salle&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/fleet?user=salle&password=***&ssl=true");
        assertThat(FleetDatabase.redact("jdbc:h2:file:/x;USER=sa;PASSWORD=hunter2")).isEqualTo("jdbc:h2:file:/x;USER=sa;PASSWORD=***");
        assertThat(FleetDatabase.redact("jdbc:postgresql://salle:hunter2@db/fleet")).isEqualTo("jdbc:postgresql://salle:***@db/fleet");
        assertThat(FleetDatabase.redact("jdbc:postgresql://db/fleet")).isEqualTo("jdbc:postgresql://db/fleet");
    }

    @Test
    void aServerThatIsNotThereIsAClearErrorNamingTheUrlWithoutItsPassword() {
        int closed = LoopbackPorts.free();
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/fleet?password=hunter2";

        assertThatThrownBy(() -> DeviceRegistry.open(url, "salle", "hunter2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the fleet database jdbc:postgresql://127.0.0.1:" + closed
                        + "/fleet?password=*** as user 'salle'")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("hunter2")
                .hasNoCause();
    }

    @Test
    void theH2MigrationsKeepTheChecksumsOfTheirFirstRelease() throws SQLException {
        String url = "jdbc:h2:mem:checksums-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (DeviceRegistry registry = DeviceRegistry.open(url, "sa", "")) {
            assertThat(history(url)).containsExactlyElementsOf(RELEASED_H2);
            assertThat(registry.onlineCount()).isZero();
        }
    }

    @Test
    void anH2DatabaseMigratedFromTheFormerSingleFolderStillOpens(@TempDir Path dir) throws IOException, SQLException {
        // the layout before PostgreSQL: every migration in one folder, db/fleet/V*.sql
        Path former = Files.createDirectories(dir.resolve("db-fleet"));
        for (String script : List.of("common/V1__devices.sql", "h2/V2__rollouts.sql", "common/V3__rollout_bundle.sql",
                "h2/V4__console.sql", "common/V5__config_layers.sql", "common/V6__rollout_control.sql")) {
            try (InputStream in = FleetDatabaseTest.class.getResourceAsStream("/db/fleet/" + script)) {
                assertThat(in).as(script).isNotNull();
                Files.copy(in, former.resolve(script.substring(script.indexOf('/') + 1)));
            }
        }
        String url = "jdbc:h2:file:" + dir.resolve("fleet") + ";DB_CLOSE_DELAY=0";
        Flyway.configure().dataSource(url, "sa", "").locations("filesystem:" + former).load().migrate();

        try (DeviceRegistry registry = DeviceRegistry.open(url, "sa", "")) {
            assertThat(registry.device("d-1")).isEqualTo(Optional.empty());
        }
        assertThat(history(url)).containsExactlyElementsOf(RELEASED_H2); // the later ones added on top
    }

    private static List<String> history(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT "version", "script", "checksum" FROM "flyway_schema_history" WHERE "version" IS NOT NULL
                     ORDER BY "installed_rank"
                     """)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3));
            }
            return out;
        }
    }
}
