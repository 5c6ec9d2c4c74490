package com.reservation.engine.waitingroom;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Tunables of waiting rooms, from {@code reservation.waiting-room}.
 *
 * @param round how often a room places and admits
 * @param viewRefresh how often a node refreshes its picture of each room
 * @param directoryRefresh how often a node reads which venues have rooms (a room put through
 *     another node is enforced here within this)
 * @param snapshotEvery events between a room's snapshots
 * @param maxTickets tickets a room issues at most (beyond: the line is full)
 * @param maxJoinsPerWrite joins a room stores in one write at most
 */
public record WaitingRoomSettings(
    Duration round,
    Duration viewRefresh,
    Duration directoryRefresh,
    int snapshotEvery,
    int maxTickets,
    int maxJoinsPerWrite) {

  public static WaitingRoomSettings fromConfig(Config room) {
    return new WaitingRoomSettings(
        room.getDuration("round"),
        room.getDuration("view-refresh"),
        room.getDuration("directory-refresh"),
        room.getInt("snapshot-every"),
        room.getInt("max-tickets"),
        room.getInt("max-joins-per-write"));
  }

  public static WaitingRoomSettings defaults() {
    return new WaitingRoomSettings(
        Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(2), 5000, 1_000_000, 500);
  }
}
