package dev.salle.rtc.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]}
 * (<a href="https://www.rfc-editor.org/rfc/rfc8285#section-8">RFC 8285 §8</a>). {@code direction}
 * and {@code attributes} are empty when absent.
 */
public record ExtMap(int id, String direction, String uri, String attributes) {

  static ExtMap parse(String value) {
    String[] f = value.trim().split(" +", 3);
    if (f.length < 2) {
      throw new IllegalArgumentException("extmap '" + value + "' needs '<id> <uri>'");
    }
    String idText = f[0];
    String dir = "";
    int slash = idText.indexOf('/');
    if (slash >= 0) {
      dir = idText.substring(slash + 1);
      idText = idText.substring(0, slash);
      Direction.parse(dir);
    }
    int id = Tokens.parseInt(idText, 1, 255, "extmap id");
    return new ExtMap(id, dir, f[1], f.length == 3 ? f[2] : "");
  }

  public String toValue() {
    return id + (direction.isEmpty() ? "" : "/" + direction) + " " + uri
        + (attributes.isEmpty() ? "" : " " + attributes);
  }
}
