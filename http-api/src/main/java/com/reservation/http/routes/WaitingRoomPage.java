package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.CacheControl;
import akka.http.javadsl.model.headers.CacheDirectives;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import com.reservation.engine.venue.VenueRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /venues/{venueId}/waiting-room}: the page where a person joins a venue's waiting room,
 * watches their place and books once admitted (docs/waiting-room.md). It is the files under {@code
 * waiting-room/} in the jar (plain HTML, CSS and JavaScript, no build step), put together once when
 * the node starts: the style sheet and script go inline, so a rush of arrivals costs one request
 * per person, answered from the same bytes, and the page needs no path of its own beside the API's.
 * Inline code runs only because the Content-Security-Policy names its hashes: nothing else can run
 * on the page that carries an admission token.
 */
final class WaitingRoomPage {
  static final String RESOURCES = "/waiting-room/";

  /** Where index.html names its sheet and script; each is replaced by the file's text inline. */
  static final String STYLE_LINK = "<link rel=\"stylesheet\" href=\"page.css\">";

  static final String SCRIPT_TAG = "<script src=\"page.js\"></script>";

  private final VenueRepository venues;
  private final Replies replies;
  private final HttpResponse page;
  private final HttpResponse noSuchVenue;

  WaitingRoomPage(VenueRepository venues, Replies replies) {
    this.venues = venues;
    this.replies = replies;
    this.page = pageResponse(read("index.html"), read("page.css"), read("page.js"));
    this.noSuchVenue = replies.problem(Problem.notFound("No such venue."));
  }

  Route route() {
    return path(
        segment("venues").slash(segment()).slash("waiting-room"),
        venueId -> get(() -> page(venueId)));
  }

  /**
   * A malformed id is 404 here, not the API's 400: a page address that names no venue is a page
   * that does not exist. The venue lookup is the repository's cache, not a query per view.
   */
  private Route page(String venueId) {
    if (!RequestSyntax.isVenueId(venueId)) return complete(noSuchVenue);
    return completeWithFuture(
        venues
            .find(venueId)
            .thenApply(venue -> venue.isPresent() ? page : noSuchVenue)
            .exceptionally(replies::failure));
  }

  /** The page with its sheet and script inline, and the headers that let only those run. */
  static HttpResponse pageResponse(String html, String css, String script) {
    // Inline text ends at the first closing tag, whatever follows: refuse a file that has one.
    for (String code : List.of(css, script)) {
      if (code.contains("</"))
        throw new IllegalStateException("waiting-room/ code must not contain '</'");
    }
    String document =
        replaceOnce(
            replaceOnce(html, STYLE_LINK, "<style>" + css + "</style>"),
            SCRIPT_TAG,
            "<script>" + script + "</script>");
    String policy =
        "default-src 'none'; script-src '"
            + sha256(script)
            + "'; style-src '"
            + sha256(css)
            + "'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";
    return HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(
            HttpEntities.create(
                ContentTypes.TEXT_HTML_UTF8,
                ByteString.fromArrayUnsafe(document.getBytes(StandardCharsets.UTF_8))))
        .addHeader(RawHeader.create("Content-Security-Policy", policy))
        .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
        .addHeader(RawHeader.create("Referrer-Policy", "no-referrer"))
        // Revalidated on each visit, so a new version of the page reaches people at once.
        .addHeader(CacheControl.create(CacheDirectives.NO_CACHE));
  }

  private static String replaceOnce(String text, String target, String replacement) {
    int at = text.indexOf(target);
    if (at < 0 || text.indexOf(target, at + 1) >= 0)
      throw new IllegalStateException("waiting-room/index.html must hold " + target + " once");
    return text.substring(0, at) + replacement + text.substring(at + target.length());
  }

  private static String sha256(String code) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String read(String file) {
    try (InputStream in = WaitingRoomPage.class.getResourceAsStream(RESOURCES + file)) {
      if (in == null)
        throw new IllegalStateException(RESOURCES + file + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
