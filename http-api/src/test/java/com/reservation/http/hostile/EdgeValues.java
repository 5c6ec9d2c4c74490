package com.reservation.http.hostile;

import java.util.List;

/** The edge values the {@link AttackGenerator} draws from: path segments, methods, media types. */
final class EdgeValues {
  private EdgeValues() {}

  static final List<String> SEGMENTS =
      List.of(
          "",
          ".",
          "..",
          "%2e%2e",
          "%2F",
          "%2f..%2f",
          "%00",
          "%20",
          "+",
          "~",
          "-",
          "_",
          "A",
          "a".repeat(41),
          "Z".repeat(100),
          "x".repeat(2000),
          "%C3%BC",
          "%FF%FE",
          "%E2%80%AE",
          "%F0%9F%98%80",
          "'%20OR%201=1--",
          "%3Cscript%3E",
          "%24%7Bjndi:x%7D",
          "0",
          "-1",
          "2147483648",
          "99999999999999999999",
          "1e999",
          "NaN",
          "null",
          "true",
          "%5B%5D",
          "%7B%7D",
          "%22%22",
          ";",
          ";a=b",
          "a,b",
          "*",
          "%0d%0aX-Injected:%201",
          "..%5c..%5c");

  /** Only in raw requests: what a URI may not hold, or what Java's URI refuses. */
  static final List<String> RAW_SEGMENTS =
      List.of(
          "%ZZ",
          "%",
          "%G0",
          "%%",
          "\u00fc",
          "\u00e9",
          "\u4e2d\u6587",
          "a b",
          "a\tb",
          "a\"b",
          "a<b>",
          "a{b}",
          "a|b",
          "a\\b",
          "a^b",
          "a`b",
          "#frag",
          "a?b");

  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  static final List<String> RAW_METHODS =
      List.of(
          "get",
          "Get",
          "FOO",
          "CONNECT",
          "PROPFIND",
          "LINK",
          "M-SEARCH",
          "GETT",
          "POSTX",
          "A".repeat(300),
          "G\u00c9T");

  static final List<String> JSON_TYPES =
      List.of(
          "application/json",
          "application/json; charset=utf-8",
          "application/json;charset=UTF-8",
          "application/json; charset=utf-16",
          "application/problem+json",
          "application/vnd.reservation+json",
          "APPLICATION/JSON",
          "application/json; charset=\"bogus\"",
          "application/json; charset=iso-8859-1",
          "application/json; a=b; c=d");

  static final List<String> OTHER_TYPES =
      List.of(
          "text/plain",
          "text/json",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "application/octet-stream",
          "*/*",
          "application",
          "json",
          "application/",
          "/json");
}
