package dev.salle.provisioning.sheet;

import dev.salle.provisioning.qr.QrImages;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The printable A4 sheet IT hangs in a room: the QR code, the room and site, the expiry and three
 * lines of instructions. A PNG at 150 dpi (1240 × 1754 pixels). Headless.
 */
public final class EnrolmentSheet {

    public static final int WIDTH = 1240;
    public static final int HEIGHT = 1754;
    static final List<String> INSTRUCTIONS = List.of(
            "1. Plug the device into the room's screen and network.",
            "2. Hold this sheet in front of the camera.",
            "3. Wait for \"Ready\" on the screen.");
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm", Locale.ENGLISH)
            .withZone(ZoneId.of("Europe/Paris"));

    private EnrolmentSheet() {
    }

    /** Draws the sheet. */
    public static BufferedImage render(String qrText, String site, String room, Instant expiresAt, String codeId) {
        BufferedImage sheet = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            centred(g, "Salle: enrol this room's device", new Font(Font.SANS_SERIF, Font.PLAIN, 40), 130);
            centred(g, fit(room, 40), new Font(Font.SANS_SERIF, Font.BOLD, 72), 240);
            centred(g, fit(site, 60), new Font(Font.SANS_SERIF, Font.PLAIN, 44), 310);
            BufferedImage qr = QrImages.render(qrText, 1);
            int module = Math.max(1, 760 / qr.getWidth());
            BufferedImage big = QrImages.render(qrText, module);
            g.drawImage(big, (WIDTH - big.getWidth()) / 2, 360, null);
            int y = 360 + big.getHeight() + 80;
            Font text = new Font(Font.SANS_SERIF, Font.PLAIN, 36);
            for (String line : INSTRUCTIONS) {
                g.setFont(text);
                g.drawString(line, 140, y);
                y += 60;
            }
            centred(g, "Valid until " + EXPIRY.format(expiresAt) + " (Paris time). Single use.",
                    new Font(Font.SANS_SERIF, Font.PLAIN, 30), y + 40);
            centred(g, "Code " + codeId, new Font(Font.MONOSPACED, Font.PLAIN, 24), HEIGHT - 90);
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Draws the sheet and writes it as PNG. */
    public static void write(Path png, String qrText, String site, String room, Instant expiresAt, String codeId) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!ImageIO.write(render(qrText, site, room, expiresAt, codeId), "png", png.toFile())) {
                throw new IllegalStateException("this Java has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sheet " + png + ": " + e.getMessage(), e);
        }
    }

    private static void centred(Graphics2D g, String line, Font font, int baseline) {
        g.setFont(font);
        int width = g.getFontMetrics().stringWidth(line);
        g.drawString(line, Math.max(40, (WIDTH - width) / 2), baseline);
    }

    private static String fit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
