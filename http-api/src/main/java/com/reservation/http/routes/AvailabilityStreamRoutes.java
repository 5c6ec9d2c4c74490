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
import com.reservation.engine.events.live.ScheduledDays;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.http.live.LiveAvailability;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /venues/{venueId}/availability/stream?date=YYYY-MM-DD} ({@code text/event-stream}): a
 * snapshot of the day, then its slots' changes, coalesced, and a heartbeat comment. The venue check
 * is the cached one; the day comes from the node's hub for it, so a burst of viewers costs no query
 * each.
 */
final class AvailabilityStreamRoutes {
  private final VenueRepository venues;
  private final ScheduledDays scheduledDays;
  private final LiveAvailability live;
  private final ClientAddress clients;
  private final Replies replies;

  AvailabilityStreamRoutes(
      VenueRepository venues,
      ScheduledDays scheduledDays,
      LiveAvailability live,
      ClientAddress clients,
      Replies replies) {
    this.venues = venues;
    this.clients = clients;
    this.scheduledDays = scheduledDays;
    this.live = live;
    this.replies = replies;
  }

  Route route() {
    return path(
        segment("venues").slash(segment()).slash("availability").slash("stream"),
        venueId ->
            get(
                () ->
                    extractRequest(
                        request ->
                            parameterOptional(
                                "date", date -> stream(venueId, date, clients.of(request))))));
  }

  private Route stream(String venueId, Optional<String> dateParam, String client) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    Optional<LocalDate> date = dateParam.flatMap(AvailabilityStreamRoutes::date);
    if (date.isEmpty())
      return replies.invalid("Query parameter date is required, e.g. ?date=2026-12-01.");
    return completeWithFuture(
        venues
            .find(venueId)
            .thenCompose(
                venue -> {
                  if (venue.isEmpty())
                    return CompletableFuture.completedFuture(
                        replies.problem(Problem.notFound("No such venue.")));
                  // Nothing is made for a day outside the venue's schedule: a loop over dates
                  // would otherwise grow the node by a hub and a topic per date.
                  return scheduledDays
                      .of(venueId)
                      .thenApply(
                          range ->
                              range.isPresent() && range.get().contains(date.get())
                                  ? open(venueId, date.get(), client)
                                  : replies.problem(
                                      Problem.notFound(
                                          "The venue has no slots on that date; stream a day of its schedule.")));
                })
            .exceptionally(replies::failure));
  }

  private HttpResponse open(String venueId, LocalDate date, String client) {
    LiveAvailability.Opening opening = live.open(venueId, date, client);
    if (opening instanceof LiveAvailability.Opened opened)
      return HttpResponse.create()
          .withEntity(
              HttpEntities.create(
                  ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), opened.frames()))
          .addHeader(CacheControl.create(CacheDirectives.NO_CACHE));
    return switch (((LiveAvailability.Refused) opening).why()) {
      case CLIENT_FULL ->
          replies.problem(
              Problem.of(
                  503,
                  "overloaded",
                  "Overloaded",
                  "This client holds as many availability streams as one client may; close one, or retry after the indicated delay."));
      case NODE_FULL ->
          replies.problem(
              Problem.of(
                  503,
                  "overloaded",
                  "Overloaded",
                  "This node serves as many availability streams as it may; retry after the indicated delay or on another node."));
      case NODE_STOPPING ->
          replies.problem(
              Problem.unavailable(
                  "This node is stopping; retry, another node will serve the stream."));
    };
  }

  private static Optional<LocalDate> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
