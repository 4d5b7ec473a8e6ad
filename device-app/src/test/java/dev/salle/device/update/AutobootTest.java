package dev.salle.device.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.salle.device.update.AutobootException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Pi's autoboot.txt: the one shape the image owns, read and written, and every kind of file that is not it. */
class AutobootTest {

    private static final String SHIPPED = "[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n";

    @TempDir
    Path dir;

    @Test
    void theImagesFileReadsAsSlotACommittedAndSlotBToTry() {
        Autoboot a = Autoboot.parse(ascii(SHIPPED));
        assertThat(a).isEqualTo(new Autoboot(2, 3));
        assertThat(a.toBytes()).as("written back byte for byte").isEqualTo(ascii(SHIPPED));
        assertThat(Autoboot.parse(ascii(SHIPPED.strip()))).as("without the last line end").isEqualTo(a);
    }

    @Test
    void aCommitSwapsTheTwoPartitionsAndWritesAFileThatReadsBack() throws Exception {
        Path file = dir.resolve("autoboot.txt");
        Files.writeString(file, SHIPPED);
        Autoboot committed = Autoboot.read(file).swapped();
        committed.write(file);
        assertThat(Files.readString(file)).isEqualTo("[all]\ntryboot_a_b=1\nboot_partition=3\n[tryboot]\nboot_partition=2\n");
        assertThat(Autoboot.read(file)).isEqualTo(new Autoboot(3, 2));
        assertThat(dir.resolve("autoboot.txt.new")).doesNotExist();
        assertThat(Files.size(file)).isLessThanOrEqualTo(Autoboot.MAX_BYTES);
    }

    @Test
    void noFileIsMadeForAPartitionOtherThanTwoOrThreeOrForTheSamePartitionTwice() {
        assertThatThrownBy(() -> new Autoboot(2, 2)).isInstanceOf(AutobootException.class)
                .extracting(e -> ((AutobootException) e).reason()).isEqualTo(Reason.SAME_PARTITION);
        assertThatThrownBy(() -> new Autoboot(1, 3)).isInstanceOf(AutobootException.class)
                .extracting(e -> ((AutobootException) e).reason()).isEqualTo(Reason.BAD_VALUE);
        assertThatThrownBy(() -> new Autoboot(2, 7)).isInstanceOf(AutobootException.class)
                .extracting(e -> ((AutobootException) e).reason()).isEqualTo(Reason.BAD_VALUE);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("empty", "", Reason.EMPTY),
                Arguments.of("longer than the firmware reads", SHIPPED + "x".repeat(Autoboot.MAX_BYTES), Reason.TOO_LONG),
                Arguments.of("non-ASCII", SHIPPED.replace("tryboot_a_b", "trybööt_a_b"), Reason.BAD_BYTES),
                Arguments.of("a NUL byte", SHIPPED + "\0", Reason.BAD_BYTES),
                Arguments.of("Windows line ends", SHIPPED.replace("\n", "\r\n"), Reason.BAD_BYTES),
                Arguments.of("a tab", SHIPPED.replace("boot_partition=3", "boot_partition=\t3"), Reason.BAD_BYTES),
                Arguments.of("a blank line", SHIPPED.replace("[tryboot]", "\n[tryboot]"), Reason.BAD_LINE),
                Arguments.of("two line ends at the end", SHIPPED + "\n", Reason.BAD_LINE),
                Arguments.of("a comment", "# slots\n" + SHIPPED, Reason.BAD_LINE),
                Arguments.of("spaces around =", SHIPPED.replace("boot_partition=2", "boot_partition = 2"), Reason.BAD_LINE),
                Arguments.of("a leading space", SHIPPED.replace("[tryboot]", " [tryboot]"), Reason.BAD_LINE),
                Arguments.of("a line without =", SHIPPED.replace("tryboot_a_b=1", "tryboot_a_b"), Reason.BAD_LINE),
                Arguments.of("an unclosed section", SHIPPED.replace("[tryboot]", "[tryboot"), Reason.BAD_LINE),
                Arguments.of("an upper-case key", SHIPPED.replace("boot_partition=3", "BOOT_PARTITION=3"), Reason.BAD_LINE),
                Arguments.of("an unknown section", SHIPPED.replace("[tryboot]", "[pi4]"), Reason.UNKNOWN_SECTION),
                Arguments.of("an empty section name", SHIPPED.replace("[tryboot]", "[]"), Reason.UNKNOWN_SECTION),
                Arguments.of("no [tryboot]", "[all]\ntryboot_a_b=1\nboot_partition=2\n", Reason.MISSING_SECTION),
                Arguments.of("no [all]", "[tryboot]\nboot_partition=3\n", Reason.OUT_OF_PLACE),
                Arguments.of("[tryboot] first", "[tryboot]\nboot_partition=3\n[all]\ntryboot_a_b=1\nboot_partition=2\n",
                        Reason.OUT_OF_PLACE),
                Arguments.of("[all] twice", SHIPPED + "[all]\n", Reason.OUT_OF_PLACE),
                Arguments.of("a key before any section", "tryboot_a_b=1\n" + SHIPPED.replace("tryboot_a_b=1\n", ""),
                        Reason.OUT_OF_PLACE),
                Arguments.of("tryboot_a_b under [tryboot]", SHIPPED + "tryboot_a_b=1\n", Reason.OUT_OF_PLACE),
                Arguments.of("tryboot_a_b after boot_partition", "[all]\nboot_partition=2\ntryboot_a_b=1\n[tryboot]\n"
                        + "boot_partition=3\n", Reason.OUT_OF_PLACE),
                Arguments.of("an unknown key", SHIPPED.replace("[tryboot]", "boot_delay=1\n[tryboot]"), Reason.UNKNOWN_KEY),
                Arguments.of("an unknown key before any section", "os_prefix=a/\n" + SHIPPED, Reason.UNKNOWN_KEY),
                Arguments.of("boot_partition twice", SHIPPED.replace("boot_partition=2", "boot_partition=2\nboot_partition=3"),
                        Reason.DUPLICATE_KEY),
                Arguments.of("no tryboot_a_b", SHIPPED.replace("tryboot_a_b=1\n", ""), Reason.MISSING_KEY),
                Arguments.of("no committed partition", SHIPPED.replace("boot_partition=2\n", ""), Reason.MISSING_KEY),
                Arguments.of("no partition to try", SHIPPED.replace("boot_partition=3\n", ""), Reason.MISSING_KEY),
                Arguments.of("tryboot_a_b off", SHIPPED.replace("tryboot_a_b=1", "tryboot_a_b=0"), Reason.BAD_VALUE),
                Arguments.of("partition 1 (autoboot.txt's own)", SHIPPED.replace("boot_partition=3", "boot_partition=1"),
                        Reason.BAD_VALUE),
                Arguments.of("partition 5 (a root)", SHIPPED.replace("boot_partition=3", "boot_partition=5"), Reason.BAD_VALUE),
                Arguments.of("a leading zero", SHIPPED.replace("boot_partition=3", "boot_partition=03"), Reason.BAD_VALUE),
                Arguments.of("a sign", SHIPPED.replace("boot_partition=3", "boot_partition=+3"), Reason.BAD_VALUE),
                Arguments.of("no number", SHIPPED.replace("boot_partition=3", "boot_partition="), Reason.BAD_VALUE),
                Arguments.of("the same partition twice", SHIPPED.replace("boot_partition=3", "boot_partition=2"),
                        Reason.SAME_PARTITION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aFileThatIsNotTheImagesShapeIsRefusedWithItsReason(String what, String text, Reason reason) {
        Throwable thrown = catchThrowable(() -> Autoboot.parse(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(thrown).as(what).isInstanceOf(AutobootException.class).hasMessageContaining("autoboot.txt");
        assertThat(((AutobootException) thrown).reason()).as(what).isEqualTo(reason);
    }

    @Test
    void everyReasonHasAFileThatShowsIt() {
        Set<Reason> shown = EnumSet.noneOf(Reason.class);
        badFiles().forEach(a -> shown.add((Reason) a.get()[2]));
        assertThat(shown).containsExactlyInAnyOrder(Reason.values());
    }

    @Test
    void everySingleBitFlipIsRefusedOrReadsAsAValidPairNeverAnotherError() {
        byte[] shipped = ascii(SHIPPED);
        for (int i = 0; i < shipped.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = shipped.clone();
                flipped[i] ^= (byte) (1 << bit);
                Throwable thrown = catchThrowable(() -> Autoboot.parse(flipped));
                if (thrown == null) {
                    Autoboot a = Autoboot.parse(flipped);
                    assertThat(a.committed()).as("byte %d bit %d", i, bit).isNotEqualTo(a.tryboot());
                } else {
                    assertThat(thrown).as("byte %d bit %d", i, bit).isInstanceOf(AutobootException.class);
                }
            }
        }
    }

    @Test
    void everyCutOfTheFileIsRefused() {
        byte[] shipped = ascii(SHIPPED);
        for (int length = 0; length < shipped.length - 1; length++) {
            byte[] cut = Arrays.copyOf(shipped, length);
            assertThatThrownBy(() -> Autoboot.parse(cut)).as("the first %d bytes", cut.length)
                    .isInstanceOf(AutobootException.class);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
