package dev.salle.rtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast:send <list> [recv <list>]} (<a
 * href="https://www.rfc-editor.org/rfc/rfc8853#section-5.1">RFC 8853 §5.1</a>). Each list
 * entry is one simulcast stream: a set of alternative rids (separated by {@code ,}); the lists
 * are separated by {@code ;}. A leading {@code ~} (paused) is kept as part of the rid text.
 */
public record Simulcast(List<List<String>> send, List<List<String>> recv) {
  public Simulcast {
    send = send.stream().map(List::copyOf).toList();
    recv = recv.stream().map(List::copyOf).toList();
  }

  static Simulcast parse(String text) {
    List<String> f = Tokens.split(text);
    if (f.isEmpty() || f.size() % 2 != 0) {
      throw new IllegalArgumentException(
          "simulcast '" + text + "' needs 'send|recv <rid>;<rid>… [send|recv <rid>;…]'");
    }
    List<List<String>> send = List.of();
    List<List<String>> recv = List.of();
    for (int i = 0; i < f.size(); i += 2) {
      List<List<String>> streams = new ArrayList<>();
      for (String s : f.get(i + 1).split(";")) {
        streams.add(List.of(s.split(",")));
      }
      switch (f.get(i)) {
        case "send" -> send = streams;
        case "recv" -> recv = streams;
        default -> throw new IllegalArgumentException(
            "simulcast direction '" + f.get(i) + "' is neither send nor recv");
      }
    }
    return new Simulcast(send, recv);
  }

  public String toValue() {
    StringBuilder sb = new StringBuilder();
    if (!send.isEmpty()) {
      sb.append("send ").append(join(send));
    }
    if (!recv.isEmpty()) {
      sb.append(sb.isEmpty() ? "" : " ").append("recv ").append(join(recv));
    }
    return sb.toString();
  }

  private static String join(List<List<String>> streams) {
    return String.join(";", streams.stream().map(alts -> String.join(",", alts)).toList());
  }
}
