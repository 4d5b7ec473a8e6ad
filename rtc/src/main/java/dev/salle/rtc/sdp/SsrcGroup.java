package dev.salle.rtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>…} (<a
 * href="https://www.rfc-editor.org/rfc/rfc5576#section-4.2">RFC 5576 §4.2</a>): {@code FID}
 * pairs a stream with its RTX repair stream, {@code SIM} lists simulcast layers low to high.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
  public SsrcGroup {
    ssrcs = List.copyOf(ssrcs);
  }

  static SsrcGroup parse(String text) {
    List<String> f = Tokens.split(text);
    if (f.size() < 2) {
      throw new IllegalArgumentException(
          "ssrc-group '" + text + "' needs '<semantics> <ssrc> [<ssrc>…]'");
    }
    List<Long> ids = new ArrayList<>();
    for (String s : f.subList(1, f.size())) {
      ids.add(Tokens.parseLong(s, 0, 0xFFFFFFFFL, "ssrc-group ssrc"));
    }
    return new SsrcGroup(f.get(0), ids);
  }

  public String toValue() {
    return semantics + " " + ssrcs.stream().map(String::valueOf).collect(Collectors.joining(" "));
  }
}
