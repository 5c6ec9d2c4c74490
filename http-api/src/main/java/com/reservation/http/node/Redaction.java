package com.reservation.http.node;

/** Removing secrets from what is printed or logged about a node's settings. */
public final class Redaction {
  public static final String MASK = "****";

  private Redaction() {}

  /** Credentials can hide in a URL's user-info or query ("?password=..."): keep neither. */
  public static String url(String url) {
    String redacted = url.replaceAll("//[^/@\"]*@", "//" + MASK + "@");
    int query = redacted.indexOf('?');
    if (query < 0) return redacted;
    boolean quoted = redacted.endsWith("\"");
    return redacted.substring(0, query) + "?" + MASK + (quoted ? "\"" : "");
  }
}
