package dev.salle.rtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code a=fmtp:<pt> <params>} (<a href="https://www.rfc-editor.org/rfc/rfc8866#section-6.15">RFC
 * 8866 §6.15</a>). Parameters are {@code key=value} pairs separated by {@code ;}; a parameter
 * without {@code =} (RED's {@code 111/111}) is kept under the empty key. Order is preserved.
 */
public record Fmtp(int payloadType, Map<String, String> parameters) {
  public Fmtp {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  static Fmtp parse(String value) {
    int sp = value.indexOf(' ');
    String ptText = sp < 0 ? value : value.substring(0, sp);
    int pt = Tokens.parseInt(ptText, 0, 127, "fmtp payload type");
    Map<String, String> params = new LinkedHashMap<>();
    if (sp >= 0) {
      for (String p : value.substring(sp + 1).split(";")) {
        String t = p.trim();
        if (t.isEmpty()) {
          continue;
        }
        int eq = t.indexOf('=');
        if (eq < 0) {
          params.put("", t);
        } else {
          params.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
        }
      }
    }
    return new Fmtp(pt, params);
  }

  public String get(String key) {
    return parameters.get(key);
  }

  public String toValue() {
    StringBuilder sb = new StringBuilder().append(payloadType).append(' ');
    boolean first = true;
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (!first) {
        sb.append(';');
      }
      first = false;
      sb.append(e.getKey().isEmpty() ? e.getValue() : e.getKey() + "=" + e.getValue());
    }
    return sb.toString();
  }
}
