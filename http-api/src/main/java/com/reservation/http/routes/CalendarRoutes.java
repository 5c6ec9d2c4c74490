package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.Route;
import com.reservation.engine.availability.AvailabilityQueries;
import com.reservation.engine.slot.SlotId;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.http.dto.CalendarResponse;
import com.reservation.http.dto.TimetableResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A venue's calendar and day timetable, from the read model through its short per-node cache: a burst of these costs
 * the database about one query per view per cache period and never wakes a slot entity.
 */
final class CalendarRoutes {
  private final VenueRepository venues;
  private final AvailabilityQueries availability;
  private final Replies replies;
  private final int maxDays;

  CalendarRoutes(VenueRepository venues, AvailabilityQueries availability, Replies replies, int maxDays) {
    this.venues = venues;
    this.availability = availability;
    this.replies = replies;
    this.maxDays = maxDays;
  }

  Route route() {
    return pathPrefix(
        "venues",
        () ->
            pathPrefix(
                segment(),
                venueId ->
                    concat(
                        path("calendar", () -> get(() -> calendar(venueId))),
                        path(
                            segment("days").slash(segment()).slash("slots"),
                            date -> get(() -> timetable(venueId, date))))));
  }

  private Route calendar(String venueId) {
    return parameterOptional(
        "from",
        fromParam ->
            parameterOptional(
                "to",
                toParam -> {
                  Optional<LocalDate> from = fromParam.flatMap(CalendarRoutes::date);
                  Optional<LocalDate> to = toParam.flatMap(CalendarRoutes::date);
                  if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
                  if (from.isEmpty() || to.isEmpty()) {
                    return replies.invalid("Query parameters from and to are required dates, e.g. ?from=2026-12-01&to=2026-12-31.");
                  }
                  if (to.get().isBefore(from.get())) return replies.invalid("to must not be before from.");
                  if (ChronoUnit.DAYS.between(from.get(), to.get()) + 1 > maxDays) {
                    return replies.invalid("A calendar request spans at most " + maxDays + " days.");
                  }
                  return completeWithFuture(
                      withVenue(
                          venueId,
                          venue ->
                              availability
                                  .calendar(venueId, from.get(), to.get())
                                  .thenApply(days -> Replies.ok(CalendarResponse.of(venueId, from.get(), to.get(), days)))));
                }));
  }

  private Route timetable(String venueId, String dateParam) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    Optional<LocalDate> date = date(dateParam);
    if (date.isEmpty()) return replies.invalid("The date must look like 2026-12-01.");
    return completeWithFuture(
        withVenue(
            venueId,
            venue ->
                availability
                    .timetable(venueId, date.get())
                    .thenApply(slots -> Replies.ok(TimetableResponse.of(venueId, date.get(), slots)))));
  }

  private CompletionStage<HttpResponse> withVenue(
      String venueId, Function<Venue, CompletionStage<HttpResponse>> inner) {
    return venues
        .find(venueId)
        .thenCompose(
            venue ->
                venue.isPresent()
                    ? inner.apply(venue.get())
                    : CompletableFuture.completedFuture(replies.problem(Problem.notFound("No such venue."))))
        .exceptionally(replies::failure);
  }

  private static Optional<LocalDate> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
