package com.reservation.http.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A JSON object as a list of members whose values are JSON text, rendered by hand so that a body
 * can also be what no JSON library would write: duplicate names, escaped names, broken syntax,
 * invalid bytes.
 */
final class JsonText {
  /**
   * A private-use character standing for invalid bytes until the body is encoded ({@link #utf8}).
   */
  static final String INVALID = "\uE000";

  private final List<String[]> members = new ArrayList<>();
  private String shape;
  private String suffix = "";
  private String separator = "";
  private String syntax;
  private boolean escapeKeys;
  private int padTo;

  static JsonText object() {
    return new JsonText();
  }

  JsonText put(String name, String value) {
    for (String[] member : members) {
      if (member[0].equals(name)) {
        member[1] = value;
        return this;
      }
    }
    members.add(new String[] {name, value});
    return this;
  }

  JsonText remove(String name) {
    members.removeIf(m -> m[0].equals(name));
    return this;
  }

  /** The member twice, the second time with another value. */
  JsonText duplicate(String name) {
    String value =
        members.stream().filter(m -> m[0].equals(name)).map(m -> m[1]).findFirst().orElse("1");
    members.add(new String[] {name, value.equals("2") ? "3" : value.startsWith("{") ? "{}" : "2"});
    return this;
  }

  JsonText contactDuplicate() {
    return put("contact", "{\"name\":\"A\",\"name\":\"B\"}");
  }

  JsonText shape(String wholeBody) {
    this.shape = wholeBody;
    return this;
  }

  JsonText suffix(String text) {
    this.suffix = text;
    return this;
  }

  JsonText syntax(String kind) {
    this.syntax = kind;
    return this;
  }

  /**
   * The member's value becomes a string holding {@link #INVALID}: bytes no UTF-8 allows, or in any
   * other encoding a character no value of this contract allows.
   */
  JsonText invalidUtf8(String member) {
    return put(member, "\"" + INVALID + "x\"");
  }

  void shuffle(SplittableRandom random) {
    for (int i = members.size() - 1; i > 0; i--)
      Collections.swap(members, i, random.nextInt(i + 1));
  }

  void escapeKeys() {
    this.escapeKeys = true;
  }

  void whitespace(String text) {
    this.separator = text;
  }

  void padTo(int bytes) {
    this.padTo = bytes;
  }

  String render() {
    if (shape != null) return shape + suffix;
    StringBuilder out = new StringBuilder("{").append(separator);
    for (int i = 0; i < members.size(); i++) {
      String name = members.get(i)[0];
      String key = escapeKeys ? escape(name) : name;
      if (i > 0) out.append(',').append(separator);
      if (syntax != null && syntax.equals("single-quotes"))
        out.append('\'').append(key).append('\'');
      else if (syntax != null && syntax.equals("unquoted-keys")) out.append(key);
      else out.append('"').append(key).append('"');
      out.append(separator).append(':').append(separator).append(members.get(i)[1]);
    }
    if (syntax != null && syntax.equals("trailing-comma")) out.append(',');
    if (syntax != null && syntax.equals("comment")) out.append("/* a comment */");
    if (syntax != null && syntax.equals("nan"))
      out.append(members.isEmpty() ? "" : ",").append("\"n\":NaN");
    String text = out.append(separator).append('}').append(suffix).toString();
    if (padTo > text.length()) {
      int insert = text.lastIndexOf('}');
      if (insert > 0)
        text =
            text.substring(0, insert) + " ".repeat(padTo - text.length()) + text.substring(insert);
    }
    return text;
  }

  private static String escape(String name) {
    StringBuilder escaped = new StringBuilder();
    for (char c : name.toCharArray()) escaped.append(String.format("\\u%04x", (int) c));
    return escaped.toString();
  }

  /**
   * UTF-8, with {@link #INVALID} turned into a lone continuation byte, a truncated sequence and
   * 0xFF.
   */
  static byte[] utf8(String text) {
    byte[] marker = INVALID.getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0x80, (byte) 0xC3, (byte) 0x28, (byte) 0xFF};
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i++) {
      if (i + marker.length <= bytes.length
          && java.util.Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
        out.writeBytes(bad);
        i += marker.length - 1;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
  }
}
