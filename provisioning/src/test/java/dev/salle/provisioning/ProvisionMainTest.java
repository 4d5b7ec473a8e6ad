package dev.salle.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.provisioning.qr.QrFrameDecoder;
import dev.salle.provisioning.qr.QrImages;
import dev.salle.provisioning.sheet.EnrolmentSheet;
import dev.salle.testkit.FakeClock;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProvisionMainTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = ProvisionMain.commandLine(clock);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void itInitIssuesACodeWithAPrintableSheetListsAndRevokesIt() throws Exception {
        String data = dir.resolve("prov").toString();
        assertThat(run("init", "--org", "Préfecture du Rhône", "--data", data)).isZero();
        assertThat(out.toString()).contains("device CA pin").contains("provisioning.pub");

        Path sheet = dir.resolve("sheets/marianne.png");
        assertThat(run("code", "--site", "Préfecture du Rhône", "--room", "Salle Marianne",
                "--meeting", "https://visio.example/abc-defg-hij", "--valid", "12h", "--out", sheet.toString(),
                "--data", data)).isZero();
        String printed = out.toString().lines().filter(l -> l.startsWith("QR text")).findFirst().orElseThrow();
        String qrText = printed.substring(printed.indexOf("SALLE1:"));
        String codeId = out.toString().lines().filter(l -> l.startsWith("Code ")).findFirst().orElseThrow().split(" ")[1];

        BufferedImage image = ImageIO.read(sheet.toFile());
        assertThat(image.getWidth()).isEqualTo(EnrolmentSheet.WIDTH);
        assertThat(image.getHeight()).isEqualTo(EnrolmentSheet.HEIGHT);
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(image, 0, 0, null);
        assertThat(new QrFrameDecoder().decode(QrImages.luma(gray), gray.getWidth(), gray.getHeight(), gray.getWidth()))
                .contains(qrText);

        assertThat(run("list", "--data", data)).isZero();
        assertThat(out.toString()).contains(codeId + "  issued").contains("Salle Marianne");
        assertThat(run("revoke", codeId, "--data", data)).isZero();
        assertThat(run("list", "--data", data)).isZero();
        assertThat(out.toString()).contains(codeId + "  revoked");
    }

    @Test
    void mistakesGetOneClearLineAndANonZeroExit() {
        String data = dir.resolve("prov").toString();

        assertThat(run("code", "--site", "S", "--room", "R", "--data", data)).isEqualTo(1);
        assertThat(err.toString()).contains("provision init");
        assertThat(run("init", "--org", "Org", "--data", data)).isZero();
        assertThat(run("init", "--org", "Org", "--data", data)).isEqualTo(1);
        assertThat(err.toString()).contains("set up already");
        assertThat(run("code", "--site", "S", "--room", "R", "--valid", "forever", "--data", data)).isEqualTo(2);
        assertThat(err.toString()).contains("not a duration");
        assertThat(run("code", "--site", "S", "--room", "R", "--valid", "120d", "--data", data)).isEqualTo(1);
        assertThat(err.toString()).contains("90 days");
        assertThat(run("revoke", "nothing-like-this", "--data", data)).isEqualTo(1);
        assertThat(err.toString()).contains("no code or device");
        assertThat(err.toString()).doesNotContain("Exception");
    }
}
