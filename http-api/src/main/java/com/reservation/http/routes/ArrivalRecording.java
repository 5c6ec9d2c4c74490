package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.server.Route;
import com.reservation.engine.events.arrivals.ArrivalCounter;
import com.reservation.engine.events.arrivals.Outcome;
import java.time.Clock;

/**
 * Counts every booking attempt ({@code POST /slots/{slotId}/bookings}) by slot, by the second it
 * arrived in, and by how it ended (confirmed, rejected, refused), for the arrival curve of {@code
 * export-arrivals}. Rejected and refused attempts count too: they are the load a burst puts on the
 * node although they leave no event. Answers 400 and 404 are not counted: they name no slot (a
 * malformed id, an unknown venue or slot), and counting them would let anyone fill the table with
 * made-up ids. Cost: a method check per request, then for a booking a substring and two adder
 * increments.
 */
final class ArrivalRecording {
  private static final String PREFIX = "/slots/";
  private static final String SUFFIX = "/bookings";

  private final ArrivalCounter counter;
  private final Clock clock;

  ArrivalRecording(ArrivalCounter counter, Clock clock) {
    this.counter = counter;
    this.clock = clock;
  }

  Route counted(Route inner) {
    return extractRequest(
        request -> {
          if (request.method() != HttpMethods.POST) return inner;
          String path = request.getUri().path();
          if (!path.startsWith(PREFIX)
              || !path.endsWith(SUFFIX)
              || path.length() <= PREFIX.length() + SUFFIX.length()) {
            return inner;
          }
          String slotId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
          int underscore = slotId.indexOf('_');
          if (underscore <= 0) return inner;
          long second = clock.millis() / 1000;
          return mapResponse(
              response -> {
                int status = response.status().intValue();
                if (status != 400 && status != 404) {
                  counter.record(
                      slotId.substring(0, underscore), slotId, second, Outcome.ofStatus(status));
                }
                return response;
              },
              () -> inner);
        });
  }
}
