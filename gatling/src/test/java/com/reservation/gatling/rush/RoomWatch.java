package com.reservation.gatling.rush;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.gatling.support.Seeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the room's own status ({@code GET /admin/venues/{venueId}/waiting-room}) once a second
 * during the rush, on a thread of its own: the node's count of admitted people over time is the
 * second source of the admission rate (beside each ticket's admission instant). Every tenth reading
 * also goes to stderr with the client's counts, so a long run shows its progress.
 */
public final class RoomWatch implements Runnable {
  private final Seeder seeder;
  private final String venueId;
  private final Supplier<String> clientCounts;
  private final long enginePid;
  private final Runnable onNodeGone;
  private boolean nodeGone;
  private final List<String> rows = new ArrayList<>();
  private volatile long began;
  private volatile boolean stopped;
  private Thread thread;

  /**
   * @param enginePid the node's process (0: not known); when it ends, {@code onNodeGone} runs once
   *     and the rush need not go on polling a node that is not there
   */
  public RoomWatch(
      Seeder seeder,
      String venueId,
      Supplier<String> clientCounts,
      long enginePid,
      Runnable onNodeGone) {
    this.seeder = seeder;
    this.venueId = venueId;
    this.clientCounts = clientCounts;
    this.enginePid = enginePid;
    this.onNodeGone = onNodeGone;
  }

  public void start() {
    began = System.currentTimeMillis();
    thread = new Thread(this, "room-watch");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    long next = System.currentTimeMillis();
    int n = 0;
    while (!stopped) {
      long now = System.currentTimeMillis();
      String row;
      try {
        JsonNode room = seeder.adminGet("/admin/venues/" + venueId + "/waiting-room");
        row =
            now
                + ","
                + room.path("state").asText("")
                + ","
                + room.path("waiting").asText("")
                + ","
                + room.path("admitted").asText("")
                + ","
                + room.path("active").asText("")
                + ","
                + room.path("estimatedWaitSeconds").asText("");
      } catch (RuntimeException e) {
        row = now + ",unreadable,,,,";
      }
      synchronized (rows) {
        rows.add(row);
      }
      // /proc itself, not ProcessHandle: on a loaded machine ProcessHandle.isAlive said false for a
      // node that went on answering, and the rush stopped early.
      if (!nodeGone
          && enginePid > 0
          && !Files.isDirectory(Path.of("/proc", Long.toString(enginePid)))) {
        nodeGone = true;
        System.err.println(
            "opening-rush: the node (pid " + enginePid + ") has ended: the rush stops");
        onNodeGone.run();
      }
      if (n++ % 10 == 0) {
        String[] f = row.split(",", -1);
        System.err.printf(
            "opening-rush: %4ds room %s waiting=%s admitted=%s active=%s | %s%n",
            (now - began) / 1000, f[1], f[2], f[3], f[4], clientCounts.get());
      }
      next += 1000;
      long sleep = next - System.currentTimeMillis();
      if (sleep > 0) {
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException e) {
          return;
        }
      } else {
        next = System.currentTimeMillis();
      }
    }
  }

  public void stop() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public void write(Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("at_ms,state,waiting,admitted,active,estimated_wait_s\n");
      synchronized (rows) {
        for (String row : rows) out.write(row + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
