package com.reservation.http.routes;

import static org.junit.jupiter.api.Assertions.*;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.http.dto.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Problem bodies are written straight into bytes; they must equal, byte for byte, what the mapper's
 * tree wrote before (the previous implementation is kept here as the reference), and refusals'
 * responses are made once and shared.
 */
class ProblemBytesTest {
  /**
   * Quotes, backslashes, every control character, non-ASCII in 2, 3 and 4 bytes, lone surrogates,
   * DEL.
   */
  private static final String CHARS =
      "aZ09 \"\\/<>&'\u007F\u0080éß€\u2028\u2029\uFFFF\uD83D\uDE00\uD83D\uDE00x\uDE00"
          + "\u0000\u0001\u0007\b\t\n\u000B\f\r\u001B\u001F";

  private static byte[] reference(Problem problem) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", problem.type());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    problem
        .extensions()
        .forEach((member, value) -> body.set(member, Json.MAPPER.valueToTree(value)));
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void bodiesEqualWhatTheMapperWrote() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      Problem problem =
          Problem.of(
              100 + random.nextInt(500),
              text(random, 12),
              text(random, 20),
              random.nextInt(50) == 0 ? null : text(random, 80));
      assertArrayEquals(reference(problem), problem.toJsonBytes(), problem.toString());
    }
    // A member named like a standard one takes its place, as readiness does with "status":
    // "NOT_READY".
    Problem withMembers =
        Problem.of(409, "schedule-conflict", "Schedule conflict", "Some slots differ.")
            .with("conflictingSlotIds", List.of("a_20261201_0900", "a\"_20261201_0930"))
            .with("status", "NOT_READY");
    assertArrayEquals(reference(withMembers), withMembers.toJsonBytes());
    assertEquals(
        new String(withMembers.toJsonBytes(), StandardCharsets.UTF_8), withMembers.toJson());
  }

  @Test
  void everyContractProblemIsWrittenAsBefore() {
    for (RejectionReason reason : RejectionReason.values()) {
      Problem problem = Replies.problemFor(new Rejected(reason, "Only 3 seat(s) left."));
      assertArrayEquals(reference(problem), problem.toJsonBytes(), reason.name());
    }
    for (Problem problem :
        List.of(
            Problem.overloaded(),
            Problem.internal("abc123"),
            Problem.notFound("No such slot."),
            Problem.invalid("seats must be between 1 and 10"),
            Problem.unavailable("The store is unavailable; retry shortly."))) {
      assertArrayEquals(reference(problem), problem.toJsonBytes(), problem.code());
    }
  }

  @Test
  void aRefusalIsAnsweredByOneSharedResponse() {
    Replies replies = new Replies(3);
    Rejected full = new Rejected(RejectionReason.SLOT_FULL, "The slot is full.");
    Replies.Refusal first = replies.refusal(full);
    Replies.Refusal again =
        replies.refusal(new Rejected(RejectionReason.SLOT_FULL, new String("The slot is full.")));
    assertSame(first, again, "an equal refusal reuses the response");
    assertEquals("slot-full", first.code());
    assertEquals(409, first.response().status().intValue());
    assertEquals("application/problem+json", first.response().entity().getContentType().toString());
    assertArrayEquals(reference(Replies.problemFor(full)), body(first.response()));
    assertNotSame(
        first, replies.refusal(new Rejected(RejectionReason.SLOT_FULL, "Only 1 seat(s) left.")));

    // A 503 refusal keeps its Retry-After.
    HttpResponse busy =
        replies
            .refusal(new Rejected(RejectionReason.OVERLOADED, "The slot is busy; retry shortly."))
            .response();
    assertEquals(503, busy.status().intValue());
    assertEquals("3", busy.getHeader("Retry-After").orElseThrow().value());
  }

  @Test
  void distinctRefusalsBeyondTheBoundAreStillAnsweredCorrectly() {
    Replies replies = new Replies(1);
    for (int i = 0; i < Replies.MAX_REFUSALS * 3; i++) {
      Rejected rejected = new Rejected(RejectionReason.SLOT_FULL, "Only " + i + " seat(s) left.");
      Replies.Refusal refusal = replies.refusal(rejected);
      assertArrayEquals(reference(Replies.problemFor(rejected)), body(refusal.response()));
    }
  }

  private static byte[] body(HttpResponse response) {
    return ((HttpEntity.Strict) response.entity()).getData().toArray();
  }

  private static String text(Random random, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(
          random.nextInt(3) == 0
              ? CHARS.charAt(random.nextInt(CHARS.length()))
              : (char) random.nextInt(0x3000));
    }
    return text.toString();
  }

  @Test
  void membersKeepTheirOrderAndNoExtensionsMeansFourMembers() throws Exception {
    Problem problem = Problem.of(409, "slot-full", "Slot full", "The slot is full.");
    assertEquals(
        "{\"type\":\"/problems/slot-full\",\"title\":\"Slot full\",\"status\":409,\"detail\":\"The slot is full.\"}",
        problem.toJson());
    assertEquals(
        Map.of(
            "type",
            "/problems/slot-full",
            "title",
            "Slot full",
            "status",
            409,
            "detail",
            "The slot is full."),
        Json.MAPPER.readValue(problem.toJsonBytes(), Map.class));
  }
}
