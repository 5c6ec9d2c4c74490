package com.reservation.gatling.support;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Journeys of people that more than one simulation runs. */
public final class Journeys {
  private Journeys() {}

  /**
   * A person at a site: the calendar from {@code from} to the site's last day, a day with seats
   * left, its timetable, a booking in a slot with seats left (409 {@code slot-full} is an expected
   * answer: the slot may fill meanwhile), a look at the booking, and for {@code cancelRate} of them
   * a cancel. Which day and slot, how long they think (around {@code thinkMs}) and whether they
   * cancel come from the seed: the streams {@code <streams>person} and {@code <streams>journey}.
   *
   * @param thinkBeforeBooking whether they also think between the timetable and the booking
   */
  public static ChainBuilder browseAndBook(
      long seed,
      String streams,
      Layout site,
      LocalDate from,
      int thinkMs,
      double cancelRate,
      boolean thinkBeforeBooking) {
    ChainBuilder choose =
        exec(session -> session.set("slotId", pick(session, "openSlots", "slotPick")));
    if (thinkBeforeBooking) choose = choose.pause(session -> session.<Duration>get("think"));
    ChainBuilder book =
        choose
            .exec(Requests.book("book", Requests.SLOT_FULL))
            .doIf(session -> session.contains("bookingId"))
            .then(
                exec(Requests.lookUp("look up booking", "CONFIRMED"))
                    .doIf(session -> session.getBoolean("cancel"))
                    .then(
                        pause(session -> session.<Duration>get("think"))
                            .exec(Requests.cancel("cancel booking"))));
    return exec(feed(Feeders.customers(seed, streams + "person")))
        .feed(
            Feeders.generated(
                seed,
                streams + "journey",
                (random, n) ->
                    Map.of(
                        "dayPick", random.nextDouble(),
                        "slotPick", random.nextDouble(),
                        "think", Duration.ofMillis(thinkMs / 2 + random.nextInt(thinkMs + 1)),
                        "cancel", random.nextDouble() < cancelRate)))
        .exec(session -> session.set("venueId", site.venueId()))
        .exec(Requests.calendar("calendar", from, site.to()))
        .doIf(session -> hasAny(session, "openDays"))
        .then(
            exec(session -> session.set("day", pick(session, "openDays", "dayPick")))
                .pause(session -> session.<Duration>get("think"))
                .exec(Requests.timetable("timetable"))
                .doIf(session -> hasAny(session, "openSlots"))
                .then(book));
  }

  private static boolean hasAny(Session session, String key) {
    return session.contains(key) && !session.getList(key).isEmpty();
  }

  /**
   * The element of the list at {@code listKey} that the pick in [0, 1) at {@code pickKey} names.
   */
  private static String pick(Session session, String listKey, String pickKey) {
    List<Object> choices = session.getList(listKey);
    return String.valueOf(choices.get((int) (session.getDouble(pickKey) * choices.size())));
  }
}
