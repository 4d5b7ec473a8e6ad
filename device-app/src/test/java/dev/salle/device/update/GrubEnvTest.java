package dev.salle.device.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.RealDependency;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GRUB's environment block: round trips, GRUB's own tool on both sides, and every kind of bad block. */
class GrubEnvTest {

    @TempDir
    Path dir;

    private static GrubEnv slotState() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("ORDER", "A B");
        v.put("A_OK", "1");
        v.put("A_TRY", "0");
        v.put("B_OK", "0");
        v.put("B_TRY", "0");
        return GrubEnv.of(v);
    }

    @Test
    void aBlockIsExactly1024BytesAndReadsBackTheSame() throws Exception {
        byte[] block = slotState().toBytes();
        assertThat(block).hasSize(1024);
        assertThat(new String(block, 0, 25, StandardCharsets.US_ASCII)).isEqualTo("# GRUB Environment Block\n");
        assertThat(block[1023]).isEqualTo((byte) '#');
        GrubEnv back = GrubEnv.parse(block);
        assertThat(back.values()).containsExactly(Map.entry("ORDER", "A B"), Map.entry("A_OK", "1"), Map.entry("A_TRY", "0"),
                Map.entry("B_OK", "0"), Map.entry("B_TRY", "0"));
        Path file = dir.resolve("grubenv");
        back.with("B_OK", "1").write(file);
        assertThat(GrubEnv.read(file).get("B_OK")).contains("1");
        assertThat(dir.resolve("grubenv.new")).doesNotExist();
    }

    @Test
    void grubsOwnToolReadsOurBlocksAndWeReadItsBlocks() throws Exception {
        RealDependency.require(RealDependency.onPath("grub-editenv"), "grub-editenv (Debian package grub-common)");
        Path ours = dir.resolve("ours");
        slotState().with("B_TRY", "1").write(ours);
        assertThat(run("grub-editenv", ours.toString(), "list")).contains("ORDER=A B", "A_OK=1", "B_TRY=1");

        Path theirs = dir.resolve("theirs");
        run("grub-editenv", theirs.toString(), "create");
        run("grub-editenv", theirs.toString(), "set", "ORDER=B A", "B_OK=1", "B_TRY=0");
        GrubEnv read = GrubEnv.read(theirs);
        assertThat(read.get("ORDER")).contains("B A");
        assertThat(read.get("B_OK")).contains("1");
        run("grub-editenv", theirs.toString(), "unset", "B_TRY");
        assertThat(GrubEnv.read(theirs).get("B_TRY")).isEmpty();
    }

    @Test
    void badBlocksGetTheirOwnReason() {
        assertReason(new byte[1023], GrubEnvException.Reason.WRONG_SIZE);
        assertReason(new byte[0], GrubEnvException.Reason.WRONG_SIZE);
        byte[] noHeader = slotState().toBytes();
        noHeader[2] = 'g';
        assertReason(noHeader, GrubEnvException.Reason.NO_HEADER);
        assertReason(block("ORDER\n"), GrubEnvException.Reason.BAD_LINE);
        assertReason(block("A-OK=1\n"), GrubEnvException.Reason.BAD_NAME);
        assertReason(block("=1\n"), GrubEnvException.Reason.BAD_NAME);
        assertReason(block("A_OK=\u0001\n"), GrubEnvException.Reason.BAD_BYTES);
        byte[] trailing = slotState().toBytes();
        trailing[1000] = 'x';
        assertReason(trailing, GrubEnvException.Reason.BAD_BYTES);
        byte[] noEnd = new byte[1024];
        byte[] text = ("# GRUB Environment Block\nA=" + "1".repeat(997)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, noEnd, 0, text.length);
        assertReason(noEnd, GrubEnvException.Reason.BAD_LINE);
    }

    @Test
    void valuesThatGrubWouldEscapeOrThatDoNotFitAreRefusedOnWriting() {
        assertThatThrownBy(() -> slotState().with("ORDER", "A\nB_OK=1")).isInstanceOfSatisfying(GrubEnvException.class,
                e -> assertThat(e.reason()).isEqualTo(GrubEnvException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> slotState().with("ORDER", "A\\B")).isInstanceOfSatisfying(GrubEnvException.class,
                e -> assertThat(e.reason()).isEqualTo(GrubEnvException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> slotState().with("BAD NAME", "1")).isInstanceOfSatisfying(GrubEnvException.class,
                e -> assertThat(e.reason()).isEqualTo(GrubEnvException.Reason.BAD_NAME));
        assertThatThrownBy(() -> slotState().with("BIG", "x".repeat(1000))).isInstanceOfSatisfying(GrubEnvException.class,
                e -> assertThat(e.reason()).isEqualTo(GrubEnvException.Reason.TOO_LARGE));
    }

    @Test
    void everySingleByteFlipEitherParsesOrGetsOneOfTheReasons() {
        byte[] good = slotState().toBytes();
        Set<GrubEnvException.Reason> seen = EnumSet.noneOf(GrubEnvException.Reason.class);
        int parsed = 0;
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = Arrays.copyOf(good, good.length);
                bad[i] ^= (byte) (1 << bit);
                try {
                    GrubEnv.parse(bad);
                    parsed++;
                } catch (GrubEnvException e) {
                    seen.add(e.reason());
                }
            }
        }
        assertThat(seen).contains(GrubEnvException.Reason.NO_HEADER, GrubEnvException.Reason.BAD_BYTES,
                GrubEnvException.Reason.BAD_NAME);
        assertThat(parsed).as("flips that still make a valid block (a changed letter of a value)").isPositive();
    }

    private static byte[] block(String lines) {
        byte[] b = new byte[1024];
        Arrays.fill(b, (byte) '#');
        byte[] text = ("# GRUB Environment Block\n" + lines).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, b, 0, text.length);
        return b;
    }

    private static void assertReason(byte[] block, GrubEnvException.Reason reason) {
        assertThatThrownBy(() -> GrubEnv.parse(block)).isInstanceOfSatisfying(GrubEnvException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
