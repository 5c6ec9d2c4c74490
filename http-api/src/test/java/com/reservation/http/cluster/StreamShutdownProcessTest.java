package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.ADMIN_TOKEN;
import static com.reservation.http.cluster.ProcessCluster.HTTP;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.http.cluster.ProcessCluster.Formation;
import com.reservation.http.testing.SseClient;
import com.reservation.testsupport.Polling;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node process with open availability streams gets SIGTERM: every stream receives a last {@code
 * shutdown} event with a retry hint and ends cleanly, and the process exits well within the grace
 * period a deployment gives it (45 s in cluster-config's Kubernetes and compose files), instead of
 * waiting for its streams and cutting them without a word.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StreamShutdownProcessTest {
  private static final String VENUE = "stream-stop";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The grace period of cluster-config/kubernetes/deployment.yaml and docker-compose.yml. */
  private static final Duration GRACE = Duration.ofSeconds(45);

  @RegisterExtension
  static final ProcessCluster cluster =
      new ProcessCluster("stream-shutdown", 1, Formation.FIRST_FORMS_IT, "");

  @Test
  void sigtermEndsEveryStreamWithALastEventAndTheNodeStopsWithinItsGrace() throws Exception {
    String node = cluster.baseUrls.get(0);
    assertEquals(
        201,
        send("PUT", node + "/admin/venues/" + VENUE, "{\"name\":\"Stop\",\"timeZone\":\"UTC\"}")
            .statusCode());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(20);
    assertEquals(
        200,
        send(
                "POST",
                node + "/admin/venues/" + VENUE + "/schedules",
                "{\"from\":\""
                    + day
                    + "\",\"to\":\""
                    + day
                    + "\",\"dailyStart\":\"09:00\",\"dailyEnd\":\"10:00\",\"slotMinutes\":20,\"capacity\":5}")
            .statusCode());
    String url = node + "/venues/" + VENUE + "/availability/stream?date=" + day;
    List<SseClient> streams = List.of(SseClient.open(HTTP, url), SseClient.open(HTTP, url));
    try {
      for (SseClient stream : streams) {
        assertEquals(200, stream.status());
        stream.await(e -> e.event().equals("snapshot"), Duration.ofSeconds(30), "a snapshot");
      }

      Process process = cluster.nodes.get(0).process;
      long sigterm = System.nanoTime();
      process.destroy();

      for (SseClient stream : streams) {
        SseClient.Event last =
            stream.await(
                e -> e.event().equals("shutdown"), Duration.ofSeconds(30), "the last event");
        JsonNode data = JSON.readTree(last.data());
        assertEquals("node-stopping", data.path("reason").asText(), last.data());
        long retry = stream.retryMillis();
        assertTrue(retry >= 1000, "a retry hint for EventSource: " + retry);
        assertEquals(retry, data.path("retryMillis").asLong());
        Polling.until(Duration.ofSeconds(30), stream::ended, "the stream to end");
        assertTrue(stream.endedCleanly(), "the server completed the stream (not a cut connection)");
        assertEquals(
            last, stream.events().get(stream.events().size() - 1), "shutdown is the last event");
      }
      long streamsEnded = System.nanoTime() - sigterm;
      assertTrue(process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS), "exited within its grace");
      long exited = System.nanoTime() - sigterm;
      System.out.printf(
          "SIGTERM with 2 open streams: both ended with their last event after %d ms, the process exited after %d ms (grace %d s)%n",
          streamsEnded / 1_000_000, exited / 1_000_000, GRACE.toSeconds());
    } finally {
      streams.forEach(SseClient::close);
    }
  }

  private static HttpResponse<String> send(String method, String url, String json) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + ADMIN_TOKEN)
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(json));
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(url + ": " + e, e);
    }
  }
}
