package dev.salle.rtc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the SDP blobs under {@code src/test/resources/dev/salle/rtc/sdp}. */
final class SdpFixtures {
  static final String CHROME_PUBLISHER_OFFER = "chrome-livekit-publisher-offer.sdp";
  static final String LIVEKIT_SUBSCRIBER_OFFER = "livekit-subscriber-offer.sdp";

  private SdpFixtures() {}

  static String text(String name) {
    try (InputStream in = SdpFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SessionDescription parsed(String name) {
    try {
      return SdpParser.parse(text(name));
    } catch (SdpParseException e) {
      throw new IllegalStateException("fixture " + name + " does not parse: " + e.getMessage(), e);
    }
  }
}
