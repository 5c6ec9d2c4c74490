package com.reservation.http.routes;

import static org.junit.jupiter.api.Assertions.*;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A response is made once per answer object of a view, and never served for another answer or
 * another view.
 */
class ResponseMemoTest {

  private static HttpResponse made(String view, List<Integer> answer) {
    return Replies.json(
        StatusCodes.OK, ("{\"view\":\"" + view + "\",\"n\":" + answer.size() + "}").getBytes());
  }

  @Test
  void theSameAnswerIsSerialisedOnce() {
    ResponseMemo<String> memo = new ResponseMemo<>(10);
    AtomicInteger made = new AtomicInteger();
    List<Integer> answer = List.of(1, 2, 3);
    HttpResponse first =
        memo.response(
            "a",
            answer,
            (view, a) -> {
              made.incrementAndGet();
              return made(view, a);
            });
    HttpResponse second =
        memo.response(
            "a",
            answer,
            (view, a) -> {
              made.incrementAndGet();
              return made(view, a);
            });
    assertSame(first, second);
    assertEquals(1, made.get());
  }

  @Test
  void aNewAnswerObjectIsSerialisedAnewEvenIfEqual() {
    ResponseMemo<String> memo = new ResponseMemo<>(10);
    AtomicInteger made = new AtomicInteger();
    List<Integer> first = new ArrayList<>(List.of(1));
    List<Integer> equalButNew = new ArrayList<>(List.of(1));
    HttpResponse one =
        memo.response(
            "a",
            first,
            (view, a) -> {
              made.incrementAndGet();
              return made(view, a);
            });
    HttpResponse two =
        memo.response(
            "a",
            equalButNew,
            (view, a) -> {
              made.incrementAndGet();
              return made(view, a);
            });
    assertNotSame(
        one, two, "identity, not equality: the next cache period's answer is always written anew");
    assertEquals(2, made.get());
  }

  @Test
  void oneAnswerObjectSharedByTwoViewsGetsEachViewsResponse() {
    // The read model may hand the same object (e.g. the shared empty list) to different views.
    ResponseMemo<String> memo = new ResponseMemo<>(10);
    List<Integer> empty = List.of();
    HttpResponse a = memo.response("a", empty, ResponseMemoTest::made);
    HttpResponse b = memo.response("b", empty, ResponseMemoTest::made);
    assertNotSame(a, b);
    assertSame(a, memo.response("a", empty, ResponseMemoTest::made));
    assertSame(b, memo.response("b", empty, ResponseMemoTest::made));
  }

  @Test
  void manyViewsStayBounded() {
    ResponseMemo<Integer> memo = new ResponseMemo<>(16);
    for (int view = 0; view < 1000; view++) {
      List<Integer> answer = List.of(view);
      HttpResponse response = memo.response(view, answer, (v, a) -> made("v" + v, a));
      assertEquals(200, response.status().intValue());
      assertTrue(memo.size() <= 16, "size " + memo.size());
    }
  }
}
