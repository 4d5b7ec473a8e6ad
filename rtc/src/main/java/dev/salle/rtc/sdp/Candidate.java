package dev.salle.rtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ICE candidate, {@code a=candidate:} (<a
 * href="https://www.rfc-editor.org/rfc/rfc8839#section-5.1">RFC 8839 §5.1</a>). Optional parts
 * are {@code null} when absent; extensions other than {@code generation} and {@code ufrag}
 * (Chrome's {@code network-id}, {@code network-cost}, TCP's {@code tcptype}) are kept in order.
 */
public record Candidate(
    String foundation,
    int component,
    String transport,
    long priority,
    String address,
    int port,
    String type,
    String relatedAddress,
    Integer relatedPort,
    Integer generation,
    String ufrag,
    Map<String, String> extensions) {

  public Candidate {
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /**
   * Parses a candidate from an {@code a=candidate:} value or from a trickled
   * {@code candidate:…} string (the {@code candidate} field of RTCIceCandidateInit).
   *
   * @throws IllegalArgumentException naming the bad field and its value
   */
  public static Candidate parse(String text) {
    String s = text.trim();
    if (s.startsWith("a=")) {
      s = s.substring(2);
    }
    if (s.startsWith("candidate:")) {
      s = s.substring("candidate:".length());
    }
    List<String> f = Tokens.split(s);
    if (f.size() < 8 || !f.get(6).equals("typ")) {
      throw new IllegalArgumentException("candidate '" + text
          + "' needs '<foundation> <component> <transport> <priority> <address> <port> typ"
          + " <type>'");
    }
    int component = Tokens.parseInt(f.get(1), 1, 256, "candidate component");
    long priority = Tokens.parseLong(f.get(3), 0, 0xFFFFFFFFL, "candidate priority");
    int port = Tokens.parseInt(f.get(5), 0, 65535, "candidate port");
    String raddr = null;
    Integer rport = null;
    Integer generation = null;
    String ufrag = null;
    Map<String, String> ext = new LinkedHashMap<>();
    if (f.size() % 2 != 0) {
      throw new IllegalArgumentException("candidate '" + text
          + "' has an extension name without a value; expected '<name> <value>' pairs");
    }
    for (int i = 8; i < f.size(); i += 2) {
      String name = f.get(i);
      String value = f.get(i + 1);
      switch (name) {
        case "raddr" -> raddr = value;
        case "rport" -> rport = Tokens.parseInt(value, 0, 65535, "candidate rport");
        case "generation" ->
            generation = Tokens.parseInt(value, 0, Integer.MAX_VALUE, "candidate generation");
        case "ufrag" -> ufrag = value;
        default -> ext.put(name, value);
      }
    }
    return new Candidate(f.get(0), component, f.get(2), priority, f.get(4), port, f.get(7),
        raddr, rport, generation, ufrag, ext);
  }

  /** The trickle form, {@code candidate:…}, for RTCIceCandidateInit.candidate (RFC 8839 §5.1). */
  public String toTrickleString() {
    return "candidate:" + toValue();
  }

  /** The value after {@code a=candidate:}. */
  public String toValue() {
    StringBuilder sb = new StringBuilder();
    sb.append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
        .append(priority).append(' ').append(address).append(' ').append(port)
        .append(" typ ").append(type);
    if (relatedAddress != null) {
      sb.append(" raddr ").append(relatedAddress);
    }
    if (relatedPort != null) {
      sb.append(" rport ").append(relatedPort);
    }
    extensions.forEach((k, v) -> {
      if (k.equals("tcptype")) {
        sb.append(' ').append(k).append(' ').append(v);
      }
    });
    if (generation != null) {
      sb.append(" generation ").append(generation);
    }
    if (ufrag != null) {
      sb.append(" ufrag ").append(ufrag);
    }
    extensions.forEach((k, v) -> {
      if (!k.equals("tcptype")) {
        sb.append(' ').append(k).append(' ').append(v);
      }
    });
    return sb.toString();
  }
}
