package com.reservation.client;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.client.api.AdminApi;
import com.reservation.client.api.EventsApi;
import com.reservation.client.api.PublicApi;
import com.reservation.client.model.AvailabilityEvent;
import com.reservation.client.model.AvailabilitySnapshot;
import com.reservation.client.model.Booking;
import com.reservation.client.model.BookingRequest;
import com.reservation.client.model.Calendar;
import com.reservation.client.model.CalendarDaysInner;
import com.reservation.client.model.Hold;
import com.reservation.client.model.HoldRequest;
import com.reservation.client.model.Problem;
import com.reservation.client.model.ScheduleRequest;
import com.reservation.client.model.ScheduleResult;
import com.reservation.client.model.Slot;
import com.reservation.client.model.SlotPatch;
import com.reservation.client.model.Timetable;
import com.reservation.client.model.TimetableSlot;
import com.reservation.client.model.Venue;
import com.reservation.client.model.VenueRequest;
import com.reservation.client.model.WaitlistEntry;
import com.reservation.client.model.Webhook;
import com.reservation.client.model.WebhookRequest;
import com.reservation.http.testing.SseClient;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client author's first hour, through the Java client openapi-generator made from the document at
 * build time (java, library native; see this module's pom and docs/api.md): the quick start, a hold
 * and its confirm, a waitlist entry that is offered freed seats, and refused requests whose problem
 * bodies the client reads. Anything the client could not say would be a gap in the document.
 */
class GeneratedClientTest {
  @TempDir static Path dataDir;
  static TestNode node;
  static PublicApi publicApi;
  static AdminApi admin;
  static EventsApi events;
  static ApiClient anonymous;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir);
    anonymous = new ApiClient();
    anonymous.updateBaseUri(node.baseUrl());
    publicApi = new PublicApi(anonymous);
    // The native library sends no credentials of its own: the bearer token goes on every request.
    ApiClient withToken = new ApiClient();
    withToken.updateBaseUri(node.baseUrl());
    withToken.setRequestInterceptor(
        request -> request.header("Authorization", "Bearer " + TestNode.TOKEN));
    admin = new AdminApi(withToken);
    events = new EventsApi(withToken);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void theQuickStartThroughTheGeneratedClient() throws Exception {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    String venueId = "client-demo";
    String slotId = venueId + "_" + day.toString().replace("-", "") + "_0900";

    // 1. Admin: a venue, then a day of 10-minute slots with 100 seats each.
    ApiResponse<Venue> venue =
        admin.putVenueWithHttpInfo(
            venueId, new VenueRequest().name("Demo Vaccination Centre").timeZone("UTC"));
    assertEquals(201, venue.getStatusCode());
    assertEquals("UTC", venue.getData().getTimeZone());
    ScheduleResult schedule =
        admin.postSchedule(
            venueId,
            new ScheduleRequest()
                .from(day)
                .to(day)
                .dailyStart("09:00")
                .dailyEnd("17:00")
                .slotMinutes(10)
                .capacity(100));
    assertEquals(48, schedule.getSlotsDefined());

    // 2. Public: the calendar and the day's timetable (the read model, which may lag a little).
    AtomicReference<Calendar> calendar = new AtomicReference<>();
    Polling.until(
        Duration.ofSeconds(10),
        () -> {
          calendar.set(call(() -> publicApi.getCalendar(venueId, day, day)));
          return calendar.get().getDays().size() == 1
              && calendar.get().getDays().get(0).getSlots() == 48;
        },
        "the calendar to show the day");
    CalendarDaysInner calendarDay = calendar.get().getDays().get(0);
    assertEquals(day, calendarDay.getDate());
    assertEquals(48, calendarDay.getSlots());
    assertEquals(4800, calendarDay.getAvailable());
    Timetable timetable = publicApi.getTimetable(venueId, day);
    assertEquals(48, timetable.getSlots().size());
    TimetableSlot first = timetable.getSlots().get(0);
    assertEquals(slotId, first.getSlotId());
    assertEquals(TimetableSlot.StatusEnum.OPEN, first.getStatus());

    // 3. Book a seat; the Idempotency-Key makes a retry safe (201, then 200 with the same booking).
    BookingRequest request =
        new BookingRequest()
            .customerId("900127015527")
            .seats(1)
            .contact(Map.of("name", "Fadhil", "phone", "0123456789"));
    ApiResponse<Booking> booked =
        publicApi.bookWithHttpInfo(slotId, request, "client-quickstart-1");
    assertEquals(201, booked.getStatusCode());
    assertNotNull(booked.getHeaders().get("location"), booked.getHeaders().toString());
    Booking booking = booked.getData();
    assertEquals(Booking.StatusEnum.CONFIRMED, booking.getStatus());
    assertNotNull(booking.getBookedAt());
    ApiResponse<Booking> retried =
        publicApi.bookWithHttpInfo(slotId, request, "client-quickstart-1");
    assertEquals(200, retried.getStatusCode());
    assertEquals(booking.getBookingId(), retried.getData().getBookingId());

    // 4. The slot answers exactly; look the booking up, then cancel it (twice, the same answer).
    Slot slot = publicApi.getSlot(slotId);
    assertEquals(1, slot.getBooked());
    assertEquals(99, slot.getAvailable());
    Booking lookedUp = publicApi.getBooking(slotId, booking.getBookingId());
    assertEquals(booking.getBookingId(), lookedUp.getBookingId());
    assertEquals(Map.of("name", "Fadhil", "phone", "0123456789"), lookedUp.getContact());
    Booking cancelled = publicApi.cancelBooking(slotId, booking.getBookingId());
    assertEquals(Booking.StatusEnum.CANCELLED, cancelled.getStatus());
    assertNotNull(cancelled.getCancelledAt());
    assertEquals(cancelled, publicApi.cancelBooking(slotId, booking.getBookingId()));

    // A hold, then its confirm: 201 with the booking, 200 with the same one on a repeat.
    Hold hold =
        publicApi.hold(
            slotId, new HoldRequest().customerId("hold-customer").seats(2).ttlSeconds(120), null);
    assertEquals(Hold.StatusEnum.HELD, hold.getStatus());
    assertNotNull(hold.getExpiresAt());
    assertEquals(hold.getExpiresAt(), publicApi.getHold(slotId, hold.getHoldId()).getExpiresAt());
    ApiResponse<Booking> confirmed = publicApi.confirmHoldWithHttpInfo(slotId, hold.getHoldId());
    assertEquals(201, confirmed.getStatusCode());
    assertEquals(hold.getHoldId(), confirmed.getData().getHoldId());
    ApiResponse<Booking> again = publicApi.confirmHoldWithHttpInfo(slotId, hold.getHoldId());
    assertEquals(200, again.getStatusCode());
    assertEquals(confirmed.getData().getBookingId(), again.getData().getBookingId());
    assertEquals(
        Hold.StatusEnum.CONFIRMED, publicApi.getHold(slotId, hold.getHoldId()).getStatus());

    // A refused request: the client reads its problem body.
    ApiException refused =
        assertThrows(
            ApiException.class,
            () -> publicApi.book(slotId, new BookingRequest().customerId("hold-customer"), null));
    assertEquals(409, refused.getCode());
    Problem problem = problem(refused);
    assertEquals("/problems/already-booked", problem.getType());
    assertEquals(409, problem.getStatus());
    assertNotNull(problem.getTitle());
    assertNotNull(problem.getDetail());
  }

  @Test
  void aWaitlistEntryIsOfferedTheSeatThatFreesUp() throws Exception {
    String venueId = "client-waitlist";
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    admin.putVenue(venueId, new VenueRequest().name("Waitlist").timeZone("UTC"));
    admin.postSchedule(
        venueId,
        new ScheduleRequest()
            .from(day)
            .to(day)
            .dailyStart("10:00")
            .dailyEnd("10:30")
            .slotMinutes(30)
            .capacity(5));
    String slotId = venueId + "_" + day.toString().replace("-", "") + "_1000";
    Slot one = admin.patchSlot(slotId, new SlotPatch().capacity(1));
    assertEquals(1, one.getCapacity());
    Booking taken = publicApi.book(slotId, new BookingRequest().customerId("first"), null);

    WaitlistEntry waiting =
        publicApi.joinWaitlist(slotId, new BookingRequest().customerId("second").seats(1));
    assertEquals(WaitlistEntry.StatusEnum.WAITING, waiting.getStatus());
    assertEquals(1, waiting.getPosition());
    WaitlistEntry behind = publicApi.joinWaitlist(slotId, new BookingRequest().customerId("third"));
    assertEquals(2, behind.getPosition());
    assertEquals(
        WaitlistEntry.StatusEnum.LEFT,
        publicApi.leaveWaitlist(slotId, behind.getEntryId()).getStatus());

    publicApi.cancelBooking(slotId, taken.getBookingId());
    AtomicReference<WaitlistEntry> offered = new AtomicReference<>();
    Polling.until(
        Duration.ofSeconds(10),
        () -> {
          offered.set(call(() -> publicApi.getWaitlistEntry(slotId, waiting.getEntryId())));
          return offered.get().getStatus() == WaitlistEntry.StatusEnum.OFFERED;
        },
        "the freed seat to be offered");
    assertNotNull(offered.get().getExpiresAt());
    Booking fromOffer = publicApi.confirmHold(slotId, offered.get().getHoldId());
    assertEquals("second", fromOffer.getCustomerId());

    // Nothing is left: joining again is refused with a problem the client reads.
    ApiException full =
        assertThrows(
            ApiException.class,
            () -> publicApi.book(slotId, new BookingRequest().customerId("fourth"), null));
    assertEquals("/problems/slot-full", problem(full).getType());
  }

  @Test
  void adminCallsWithoutTheTokenAreRefused() {
    ApiException refused =
        assertThrows(
            ApiException.class,
            () ->
                new AdminApi(anonymous)
                    .putVenue("nobody", new VenueRequest().name("x").timeZone("UTC")));
    assertEquals(401, refused.getCode());
    assertEquals("/problems/unauthorized", problem(refused).getType());
  }

  /** The availability stream's messages and the webhook models read as the document says. */
  @Test
  void streamMessagesAndWebhooksReadIntoTheGeneratedModels() throws Exception {
    String venueId = "client-stream";
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    admin.putVenue(venueId, new VenueRequest().name("Stream").timeZone("UTC"));
    admin.postSchedule(
        venueId,
        new ScheduleRequest()
            .from(day)
            .to(day)
            .dailyStart("10:00")
            .dailyEnd("11:00")
            .slotMinutes(30)
            .capacity(5));
    try (SseClient stream =
        SseClient.open(
            HttpClient.newHttpClient(),
            node.baseUrl() + "/venues/" + venueId + "/availability/stream?date=" + day)) {
      assertEquals(200, stream.status());
      SseClient.Event snapshot =
          stream.await(e -> e.event().equals("snapshot"), Duration.ofSeconds(10), "a snapshot");
      AvailabilityEvent message = message(snapshot);
      AvailabilitySnapshot data = message.getAvailabilitySnapshotEvent().getData();
      assertEquals(venueId, data.getVenueId());
      assertEquals(2, data.getSlots().size());

      String slotId = data.getSlots().get(0).getSlotId();
      publicApi.book(slotId, new BookingRequest().customerId("streamer").seats(2), null);
      SseClient.Event change =
          stream.await(e -> e.event().equals("slot"), Duration.ofSeconds(10), "a slot event");
      var slot = message(change).getAvailabilitySlotEvent().getData();
      assertEquals(slotId, slot.getSlotId());
      assertEquals(3, slot.getAvailable());
    }

    WebhookRequest hook =
        new WebhookRequest()
            .url("http://127.0.0.1:9/hooks")
            .secret("0123456789abcdef0123")
            .events(List.of(WebhookRequest.EventsEnum.BOOKING_CONFIRMED))
            .venueId(venueId);
    Webhook created = events.putWebhook("client-hook", hook);
    assertEquals(List.of("booking.confirmed"), created.getEvents());
    assertEquals(created.getUrl(), events.getWebhook("client-hook").getUrl());
    assertNotNull(events.getEvents(null, 10).getNext());
    events.deleteWebhook("client-hook");
  }

  /** One message of the stream as the document describes it: its event name and its data. */
  private static AvailabilityEvent message(SseClient.Event event) throws Exception {
    String json = "{\"event\":\"" + event.event() + "\",\"data\":" + event.data() + "}";
    return anonymous.getObjectMapper().readValue(json, AvailabilityEvent.class);
  }

  private static Problem problem(ApiException e) {
    try {
      return anonymous.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    } catch (Exception parse) {
      throw new AssertionError("not a problem body: " + e.getResponseBody(), parse);
    }
  }

  interface Call<T> {
    T get() throws ApiException;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw new AssertionError(e.getCode() + " " + e.getResponseBody(), e);
    }
  }
}
