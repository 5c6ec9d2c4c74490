package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.Route;
import com.reservation.engine.availability.AvailabilityQueries;
import com.reservation.engine.availability.CalendarDay;
import com.reservation.engine.availability.TimetableSlot;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.http.dto.CalendarResponse;
import com.reservation.http.dto.TimetableResponse;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A venue's calendar and day timetable, from the read model through its short per-node cache: a
 * burst of these costs the database about one query per view per cache period and never wakes a
 * slot entity, and the HTTP layer one serialisation per answer ({@link ResponseMemo}).
 */
final class CalendarRoutes {
  /**
   * Views whose responses are kept at once; the read model keeps up to 10,000 answers, most views
   * are few.
   */
  static final int MAX_MEMO_VIEWS = 512;

  /** What a calendar response depends on besides the read model's answer. */
  private record CalendarView(String venueId, LocalDate from, LocalDate to) {}

  /** What a timetable response depends on besides the read model's answer. */
  private record DayView(String venueId, LocalDate date) {}

  private final ResponseMemo<CalendarView> calendars = new ResponseMemo<>(MAX_MEMO_VIEWS);
  private final ResponseMemo<DayView> days = new ResponseMemo<>(MAX_MEMO_VIEWS);
  private final VenueRepository venues;
  private final AvailabilityQueries availability;
  private final Replies replies;
  private final int maxDays;
  private final HttpResponse noSuchVenue;

  CalendarRoutes(
      VenueRepository venues, AvailabilityQueries availability, Replies replies, int maxDays) {
    this.venues = venues;
    this.availability = availability;
    this.replies = replies;
    this.maxDays = maxDays;
    this.noSuchVenue = replies.problem(Problem.notFound("No such venue."));
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
                  if (!RequestSyntax.isVenueId(venueId)) return replies.invalidVenueId();
                  if (from.isEmpty() || to.isEmpty()) {
                    return replies.invalid(
                        "Query parameters from and to are required dates, e.g. ?from=2026-12-01&to=2026-12-31.");
                  }
                  if (to.get().isBefore(from.get()))
                    return replies.invalid("to must not be before from.");
                  if (ChronoUnit.DAYS.between(from.get(), to.get()) + 1 > maxDays) {
                    return replies.invalid(
                        "A calendar request spans at most " + maxDays + " days.");
                  }
                  return completeWithFuture(
                      calendar(new CalendarView(venueId, from.get(), to.get())));
                }));
  }

  private CompletionStage<HttpResponse> calendar(CalendarView view) {
    return withVenue(
        view.venueId(),
        venue ->
            availability
                .calendar(view.venueId(), view.from(), view.to())
                .thenApply(
                    answer -> calendars.response(view, answer, CalendarRoutes::calendarResponse)));
  }

  private CompletionStage<HttpResponse> timetable(DayView view) {
    return withVenue(
        view.venueId(),
        venue ->
            availability
                .timetable(view.venueId(), view.date())
                .thenApply(
                    answer -> days.response(view, answer, CalendarRoutes::timetableResponse)));
  }

  private Route timetable(String venueId, String dateParam) {
    if (!RequestSyntax.isVenueId(venueId)) return replies.invalidVenueId();
    Optional<LocalDate> date = date(dateParam);
    if (date.isEmpty()) return replies.invalid("The date must look like 2026-12-01.");
    return completeWithFuture(timetable(new DayView(venueId, date.get())));
  }

  private static HttpResponse calendarResponse(CalendarView view, List<CalendarDay> answer) {
    return Replies.ok(CalendarResponse.of(view.venueId(), view.from(), view.to(), answer));
  }

  private static HttpResponse timetableResponse(DayView view, List<TimetableSlot> answer) {
    return Replies.ok(TimetableResponse.of(view.venueId(), view.date(), answer));
  }

  private CompletionStage<HttpResponse> withVenue(
      String venueId, Function<Venue, CompletionStage<HttpResponse>> inner) {
    return venues
        .find(venueId)
        .thenCompose(
            venue ->
                venue.isPresent()
                    ? inner.apply(venue.get())
                    : CompletableFuture.completedFuture(noSuchVenue))
        .exceptionally(replies::failure);
  }

  private static Optional<LocalDate> date(String text) {
    return Optional.ofNullable(RequestSyntax.isoDate(text));
  }
}
