package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.NotUsed;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.CacheControl;
import akka.http.javadsl.model.headers.CacheDirectives;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.Route;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.waitingroom.TicketState;
import com.reservation.engine.waitingroom.TicketView;
import com.reservation.engine.waitingroom.WaitingRooms;
import com.reservation.http.dto.TicketBody;
import com.reservation.http.dto.TicketResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The waiting room's public side: {@code POST /venues/{venueId}/waiting-room/tickets} (join, or get
 * back one's ticket), {@code GET .../tickets/{ticketId}} (answered from the node's memory once it
 * knows the ticket) and {@code GET .../tickets/{ticketId}/stream} ({@code text/event-stream}: the
 * ticket at once, on every change of state and every 5 s while waiting, ending once admitted or
 * expired).
 */
final class WaitingRoomRoutes {
  /** Ticket ids are 16 URL-safe base64 characters; anything else names no ticket. */
  private static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9_-]{16}");

  private static final Duration STREAM_TICK = Duration.ofSeconds(1);
  private static final long STREAM_HEARTBEAT_SECONDS = 5;

  private final WaitingRooms rooms;
  private final JsonBodies bodies;
  private final Replies replies;
  private final int maxStreams;
  private final Duration maxStreamLife;
  private final AtomicInteger streams = new AtomicInteger();

  WaitingRoomRoutes(
      WaitingRooms rooms,
      JsonBodies bodies,
      Replies replies,
      int maxStreams,
      Duration maxStreamLife) {
    this.rooms = rooms;
    this.bodies = bodies;
    this.replies = replies;
    this.maxStreams = maxStreams;
    this.maxStreamLife = maxStreamLife;
  }

  Route route() {
    return pathPrefix(
        segment("venues").slash(segment()).slash("waiting-room").slash("tickets"),
        venueId ->
            concat(
                pathEnd(() -> post(() -> join(venueId))),
                pathPrefix(
                    segment(),
                    ticketId ->
                        concat(
                            pathEnd(() -> get(() -> ticket(venueId, ticketId))),
                            path("stream", () -> get(() -> stream(venueId, ticketId)))))));
  }

  private Route join(String venueId) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    return bodies.body(
        TicketBody.class,
        body -> {
          String customerId = body.validCustomerId();
          return completeWithFuture(
              rooms
                  .join(venueId, customerId)
                  .thenApply(joining -> joined(venueId, joining))
                  .exceptionally(replies::failure));
        });
  }

  private HttpResponse joined(String venueId, WaitingRooms.Joining joining) {
    if (joining instanceof WaitingRooms.Joined joined) {
      TicketResponse body = TicketResponse.of(joined.ticket());
      if (!joined.created()) return Replies.json(StatusCodes.OK, body.toJsonBytes());
      return Replies.json(StatusCodes.CREATED, body.toJsonBytes())
          .addHeader(
              Location.create("/venues/" + venueId + "/waiting-room/tickets/" + body.ticketId()));
    }
    if (joining instanceof WaitingRooms.NotJoinable not) {
      String detail =
          switch (not.phase()) {
            case PASSTHROUGH -> "The waiting room has closed: bookings at this venue pass freely.";
            default ->
                "The waiting room opens its line at " + not.prequeueFrom() + "; join from then on.";
          };
      return replies.problem(
          Problem.of(409, "waiting-room-not-open", "Waiting room not open", detail)
              .with("prequeueFrom", not.prequeueFrom().toString()));
    }
    if (joining instanceof WaitingRooms.LineFull) {
      return replies.problem(
          Problem.of(
              503,
              "line-full",
              "Line full",
              "The waiting room holds as many tickets as it may; retry later."));
    }
    return replies.problem(Problem.notFound("This venue has no waiting room."));
  }

  private Route ticket(String venueId, String ticketId) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    if (!TICKET_ID.matcher(ticketId).matches()) return complete(noTicket());
    return completeWithFuture(
        rooms
            .ticket(venueId, ticketId)
            .thenApply(
                found ->
                    found
                        .map(t -> Replies.json(StatusCodes.OK, TicketResponse.of(t).toJsonBytes()))
                        .orElseGet(this::noTicket))
            .exceptionally(replies::failure));
  }

  private HttpResponse noTicket() {
    return replies.problem(Problem.notFound("No such ticket in this venue's waiting room."));
  }

  private Route stream(String venueId, String ticketId) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    if (!TICKET_ID.matcher(ticketId).matches()) return complete(noTicket());
    return completeWithFuture(
        rooms
            .ticket(venueId, ticketId)
            .thenApply(
                found -> {
                  if (found.isEmpty()) return noTicket();
                  if (streams.incrementAndGet() > maxStreams) {
                    streams.decrementAndGet();
                    return replies.problem(
                        Problem.of(
                            503,
                            "overloaded",
                            "Overloaded",
                            "This node serves as many ticket streams as it may; poll the ticket instead, or retry after the indicated delay."));
                  }
                  return HttpResponse.create()
                      .withEntity(
                          HttpEntities.create(
                              ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM),
                              frames(venueId, ticketId, found.get())))
                      .addHeader(CacheControl.create(CacheDirectives.NO_CACHE));
                })
            .exceptionally(replies::failure));
  }

  /** The ticket now, then whenever its state changes or every 5 s while it waits. */
  private Source<ByteString, NotUsed> frames(String venueId, String ticketId, TicketView first) {
    final class Last {
      TicketState state = first.state();
      long sentAtTick = 0;
      long tick = 0;
      boolean done = ended(first.state());
    }
    Last last = new Last();
    Source<ByteString, NotUsed> rest =
        Source.tick(STREAM_TICK, STREAM_TICK, NotUsed.notUsed())
            .mapMaterializedValue(cancellable -> NotUsed.notUsed())
            .takeWhile(tick -> !last.done)
            .takeWithin(maxStreamLife)
            .mapAsync(
                1,
                tick -> {
                  CompletionStage<Optional<TicketView>> now = rooms.ticket(venueId, ticketId);
                  return now.exceptionally(failure -> Optional.empty());
                })
            .mapConcat(
                found -> {
                  last.tick++;
                  if (found.isEmpty()) return java.util.List.of();
                  TicketView ticket = found.get();
                  boolean changed = ticket.state() != last.state;
                  boolean heartbeat = last.tick - last.sentAtTick >= STREAM_HEARTBEAT_SECONDS;
                  if (!changed && !heartbeat) return java.util.List.of();
                  last.state = ticket.state();
                  last.sentAtTick = last.tick;
                  last.done = ended(ticket.state());
                  return java.util.List.of(frame(ticket));
                });
    return Source.single(frame(first))
        .concat(last.done ? Source.empty() : rest)
        .watchTermination(
            (mat, done) -> {
              done.whenComplete((d, failure) -> streams.decrementAndGet());
              return NotUsed.notUsed();
            });
  }

  private static boolean ended(TicketState state) {
    return state == TicketState.ADMITTED || state == TicketState.EXPIRED;
  }

  private static ByteString frame(TicketView ticket) {
    return ByteString.fromString("event: ticket\ndata: ")
        .concat(ByteString.fromArray(TicketResponse.of(ticket).toJsonBytes()))
        .concat(ByteString.fromString("\n\n"));
  }
}
