package com.reservation.http.dto;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The operator endpoints' bodies through the shared mapper: nulls the document promises stay,
 * absent stays absent.
 */
class ClusterViewJsonTest {

  private static String json(Object value) {
    return new String(Json.bytes(value), StandardCharsets.UTF_8);
  }

  @Test
  void aClusterWithoutLeaderOrStatisticsWritesThoseAsNull() {
    ClusterView view =
        new ClusterView(
            "akka://reservation@127.0.0.1:25521",
            "Up",
            null,
            List.of(
                new ClusterView.Member(
                    "akka://reservation@127.0.0.1:25521", "Up", List.of(), "default")),
            List.of(),
            new ClusterView.Sharding(
                "Slot", 100, null, "shard statistics did not arrive within 3000 ms"));
    assertEquals(
        "{\"self\":\"akka://reservation@127.0.0.1:25521\",\"selfStatus\":\"Up\",\"leader\":null,"
            + "\"members\":[{\"address\":\"akka://reservation@127.0.0.1:25521\",\"status\":\"Up\",\"roles\":[],"
            + "\"dataCenter\":\"default\"}],\"unreachable\":[],"
            + "\"sharding\":{\"entityType\":\"Slot\",\"numberOfShards\":100,\"regions\":null,"
            + "\"error\":\"shard statistics did not arrive within 3000 ms\"}}",
        json(view));
  }

  @Test
  void regionsInShardOrderAndNoErrorWhenTheStatisticsCame() {
    Map<String, Integer> shards = new TreeMap<>(Map.of("7", 2, "12", 1));
    ClusterView.Sharding sharding =
        new ClusterView.Sharding(
            "Slot",
            100,
            List.of(
                new ClusterView.Region(
                    "akka://reservation@127.0.0.1:25521", 2, 3, shards, List.of())),
            null);
    assertEquals(
        "{\"entityType\":\"Slot\",\"numberOfShards\":100,\"regions\":[{\"address\":\"akka://reservation@127.0.0.1:25521\","
            + "\"shardCount\":2,\"entityCount\":3,\"shards\":{\"12\":1,\"7\":2},\"failedShards\":[]}]}",
        json(sharding));
  }

  @Test
  void placementAndLeaving() {
    assertEquals(
        "{\"slotId\":\"pwtc_20261201_0920\",\"shardId\":\"42\",\"node\":null}",
        json(new SlotPlacement("pwtc_20261201_0920", "42", null)));
    assertEquals(
        "{\"address\":\"akka://reservation@127.0.0.1:25523\",\"status\":\"Leaving\"}",
        json(MemberLeaving.of("akka://reservation@127.0.0.1:25523")));
  }
}
