package com.reservation.http.routes;

import akka.http.scaladsl.model.Uri;
import java.util.List;

/**
 * Every operation the node serves, as (method, path template). {@code openapi.yaml} must document
 * exactly these (a test compares them and probes each one on a live server), and metrics label
 * requests by these templates, never by raw paths, which carry ids.
 */
public final class RouteCatalog {
  /** One operation; {@code admin} ones need the bearer token. */
  public record Endpoint(String method, String template, boolean admin) {
    String[] segments() {
      return template.substring(1).split("/");
    }
  }

  public static final String UNMATCHED = "unmatched";

  public static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("PUT", "/admin/venues/{venueId}", true),
          new Endpoint("POST", "/admin/venues/{venueId}/schedules", true),
          new Endpoint("PATCH", "/admin/slots/{slotId}", true),
          new Endpoint("DELETE", "/admin/customers/{customerId}", true),
          new Endpoint("GET", "/admin/cluster", true),
          new Endpoint("GET", "/admin/cluster/slots/{slotId}", true),
          new Endpoint("DELETE", "/admin/cluster/members/{address}", true),
          new Endpoint("POST", "/admin/cluster/leave", true),
          new Endpoint("GET", "/venues/{venueId}/calendar", false),
          new Endpoint("GET", "/venues/{venueId}/days/{date}/slots", false),
          new Endpoint("GET", "/slots/{slotId}", false),
          new Endpoint("POST", "/slots/{slotId}/bookings", false),
          new Endpoint("GET", "/slots/{slotId}/bookings/{bookingId}", false),
          new Endpoint("DELETE", "/slots/{slotId}/bookings/{bookingId}", false),
          new Endpoint("POST", "/slots/{slotId}/holds", false),
          new Endpoint("GET", "/slots/{slotId}/holds/{holdId}", false),
          new Endpoint("DELETE", "/slots/{slotId}/holds/{holdId}", false),
          new Endpoint("POST", "/slots/{slotId}/holds/{holdId}/confirm", false),
          new Endpoint("POST", "/slots/{slotId}/waitlist", false),
          new Endpoint("GET", "/slots/{slotId}/waitlist/{entryId}", false),
          new Endpoint("DELETE", "/slots/{slotId}/waitlist/{entryId}", false),
          new Endpoint("GET", "/health/live", false),
          new Endpoint("GET", "/health/ready", false),
          new Endpoint("GET", "/metrics", false),
          new Endpoint("GET", "/openapi.yaml", false),
          // Events out.
          new Endpoint("GET", "/venues/{venueId}/availability/stream", false),
          new Endpoint("PUT", "/admin/webhooks/{webhookId}", true),
          new Endpoint("GET", "/admin/webhooks/{webhookId}", true),
          new Endpoint("DELETE", "/admin/webhooks/{webhookId}", true),
          new Endpoint("GET", "/admin/events", true),
          // The waiting room.
          new Endpoint("PUT", "/admin/venues/{venueId}/waiting-room", true),
          new Endpoint("GET", "/admin/venues/{venueId}/waiting-room", true),
          new Endpoint("DELETE", "/admin/venues/{venueId}/waiting-room", true),
          new Endpoint("POST", "/venues/{venueId}/waiting-room/tickets", false),
          new Endpoint("GET", "/venues/{venueId}/waiting-room/tickets/{ticketId}", false),
          new Endpoint("GET", "/venues/{venueId}/waiting-room/tickets/{ticketId}/stream", false));

  private static final String[][] SEGMENTS =
      ENDPOINTS.stream()
          .map(Endpoint::template)
          .distinct()
          .map(t -> t.substring(1).split("/"))
          .toArray(String[][]::new);
  private static final String[] TEMPLATES =
      ENDPOINTS.stream().map(Endpoint::template).distinct().toArray(String[]::new);

  private RouteCatalog() {}

  /**
   * The template a request path falls under (whatever its method), or {@link #UNMATCHED}. Allocates
   * nothing.
   */
  public static String templateOf(String path) {
    for (int t = 0; t < SEGMENTS.length; t++) {
      if (matches(SEGMENTS[t], path)) return TEMPLATES[t];
    }
    return UNMATCHED;
  }

  /**
   * The same for a parsed path, walked as it is (segments decoded) instead of rendering it to a
   * String first. A segment holding an encoded {@code /} stays one segment either way, so both
   * forms fall under the same template.
   */
  public static String templateOf(Uri.Path path) {
    for (int t = 0; t < SEGMENTS.length; t++) {
      if (matches(SEGMENTS[t], path)) return TEMPLATES[t];
    }
    return UNMATCHED;
  }

  private static boolean matches(String[] template, Uri.Path path) {
    Uri.Path rest = path;
    for (String segment : template) {
      if (!rest.startsWithSlash()) return false;
      rest = rest.tail();
      if (!rest.startsWithSegment()) return false;
      if (segment.charAt(0) != '{' && !segment.equals(rest.head())) return false;
      rest = rest.tail();
    }
    return rest.isEmpty();
  }

  private static boolean matches(String[] template, String path) {
    if (path.isEmpty() || path.charAt(0) != '/') return false;
    int pos = 1;
    for (int i = 0; i < template.length; i++) {
      int end = path.indexOf('/', pos);
      if (end < 0) end = path.length();
      if (i < template.length - 1 && end == path.length()) return false;
      String segment = template[i];
      boolean variable = segment.charAt(0) == '{';
      if (variable) {
        if (end == pos) return false;
      } else if (end - pos != segment.length() || !path.startsWith(segment, pos)) {
        return false;
      }
      pos = end + 1;
    }
    return pos == path.length() + 1;
  }
}
