package com.reservation.http.live;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The availability stream's tunables ({@code reservation.http.live}).
 *
 * @param maxStreams open streams this node serves at most; beyond it 503 {@code overloaded}
 * @param maxStreamsPerClient open streams one client address may hold at once
 * @param coalesce a slot's changes are sent at most once per this period (and within it of the
 *     change)
 * @param resync how often a watched day is re-read from the read model (pub-sub is at most once)
 * @param heartbeat how often every viewer gets a comment line
 * @param viewerBuffer frames a viewer may be behind before it is dropped
 * @param linger how long a day nobody watches keeps its subscription
 * @param shutdownRetry when the node stops, each stream's last event asks its client to reconnect
 *     after this long, up to twice it (spread, so that the viewers of a stopping node do not all
 *     arrive at the others in the same instant)
 */
public record LiveSettings(
    int maxStreams,
    int maxStreamsPerClient,
    Duration coalesce,
    Duration resync,
    Duration heartbeat,
    int viewerBuffer,
    Duration linger,
    Duration shutdownRetry) {

  public static LiveSettings fromConfig(Config live) {
    return new LiveSettings(
        live.getInt("max-streams"),
        live.getInt("max-streams-per-client"),
        live.getDuration("coalesce"),
        live.getDuration("resync"),
        live.getDuration("heartbeat"),
        live.getInt("viewer-buffer"),
        live.getDuration("linger"),
        live.getDuration("shutdown-retry"));
  }
}
