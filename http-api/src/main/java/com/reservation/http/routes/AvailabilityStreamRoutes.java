package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.headers.CacheControl;
import akka.http.javadsl.model.headers.CacheDirectives;
import akka.http.javadsl.server.Route;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.http.live.LiveAvailability;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /venues/{venueId}/availability/stream?date=YYYY-MM-DD} ({@code text/event-stream}): a
 * snapshot of the day, then its slots' changes, coalesced, and a heartbeat comment. The venue check
 * is the cached one; the day comes from the node's hub for it, so a burst of viewers costs no query
 * each.
 */
final class AvailabilityStreamRoutes {
  private final VenueRepository venues;
  private final LiveAvailability live;
  private final Replies replies;

  AvailabilityStreamRoutes(VenueRepository venues, LiveAvailability live, Replies replies) {
    this.venues = venues;
    this.live = live;
    this.replies = replies;
  }

  Route route() {
    return path(
        segment("venues").slash(segment()).slash("availability").slash("stream"),
        venueId -> get(() -> parameterOptional("date", date -> stream(venueId, date))));
  }

  private Route stream(String venueId, Optional<String> dateParam) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    Optional<LocalDate> date = dateParam.flatMap(AvailabilityStreamRoutes::date);
    if (date.isEmpty())
      return replies.invalid("Query parameter date is required, e.g. ?date=2026-12-01.");
    return completeWithFuture(
        venues
            .find(venueId)
            .thenApply(
                venue -> {
                  if (venue.isEmpty()) return replies.problem(Problem.notFound("No such venue."));
                  return live.open(venueId, date.get())
                      .map(
                          frames ->
                              HttpResponse.create()
                                  .withEntity(
                                      HttpEntities.create(
                                          ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM),
                                          frames))
                                  .addHeader(CacheControl.create(CacheDirectives.NO_CACHE)))
                      .orElseGet(
                          () ->
                              replies.problem(
                                  Problem.of(
                                      503,
                                      "overloaded",
                                      "Overloaded",
                                      "This node serves as many availability streams as it may; retry after the indicated delay or on another node.")));
                })
            .exceptionally(replies::failure));
  }

  private static Optional<LocalDate> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
