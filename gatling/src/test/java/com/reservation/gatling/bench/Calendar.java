package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.List;

/**
 * Read-only: the calendar of the next two months of a venue, then one day's timetable, over a few
 * vaccination sites; venue and day drawn from the seed. Counts 200 answers of either.
 */
public final class Calendar implements Workload {
  private final List<Layout> venues;
  private final String[] calendarUrls;
  private final String[][] timetableUrls;
  private final Picks picks;

  public Calendar(Target target, List<Layout> venues, long seed) {
    this.venues = venues;
    this.calendarUrls = new String[venues.size()];
    this.timetableUrls = new String[venues.size()][];
    for (int v = 0; v < venues.size(); v++) {
      Layout venue = venues.get(v);
      String base = target.url() + "/venues/" + venue.venueId();
      calendarUrls[v] = base + "/calendar?from=" + venue.from() + "&to=" + venue.to();
      timetableUrls[v] = new String[venue.days()];
      for (int d = 0; d < venue.days(); d++)
        timetableUrls[v][d] = base + "/days/" + venue.day(d) + "/slots";
    }
    this.picks = new Picks(seed, "calendar");
  }

  @Override
  public String name() {
    return "calendar";
  }

  @Override
  public String unit() {
    return "reads/s";
  }

  @Override
  public void prepare(Seeder seeder) {
    for (Layout venue : venues) seeder.define(venue);
    for (Layout venue : venues) {
      if (!seeder.awaitTimetable(venue, Duration.ofSeconds(30))) {
        throw new IllegalStateException(
            "the timetable of " + venue.venueId() + " still lags after 30 s");
      }
    }
  }

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(Calls.get(
            phase, "calendar", session -> calendarUrls[picks.next(calendarUrls.length)]))
        .exec(
            Calls.get(
                phase,
                "timetable",
                session -> {
                  String[] days = timetableUrls[picks.next(timetableUrls.length)];
                  return days[picks.next(days.length)];
                }));
  }

  @Override
  public Verdict judge(int status, String problem) {
    return status == 200 ? Verdict.COUNTED : Verdict.KO;
  }
}
