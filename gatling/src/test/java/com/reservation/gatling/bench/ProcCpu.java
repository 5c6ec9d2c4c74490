package com.reservation.gatling.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU seconds from Linux's /proc: of one process, of a process and its children (PostgreSQL's
 * backends are children of the postmaster), of the JIT compiler threads of a JVM, and of the whole
 * machine. A process that cannot be read (gone, or pid 0) counts as {@link Double#NaN}, so a report
 * shows "missing" rather than a false zero.
 */
public final class ProcCpu {
  /** USER_HZ: the unit of /proc's CPU times; 100 on every Linux kernel configuration in use. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcCpu() {}

  /**
   * The fields after the command name of a /proc/[pid]/stat line (the name may hold spaces and
   * parentheses).
   */
  static String[] fieldsAfterName(String statLine) {
    return statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
  }

  /** The command name of a /proc/[pid]/stat line. */
  static String name(String statLine) {
    return statLine.substring(statLine.indexOf('(') + 1, statLine.lastIndexOf(')'));
  }

  /**
   * utime + stime (fields 14 and 15 of stat), plus cutime + cstime (16, 17): children already
   * reaped.
   */
  static double seconds(String statLine, boolean withReapedChildren) {
    String[] f = fieldsAfterName(statLine);
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    if (withReapedChildren) ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
    return ticks / TICKS_PER_SECOND;
  }

  /** The parent pid of a /proc/[pid]/stat line. */
  static long parent(String statLine) {
    return Long.parseLong(fieldsAfterName(statLine)[1]);
  }

  /** CPU seconds of this process alone (all its threads). */
  public static double process(long pid) {
    if (pid <= 0) return Double.NaN;
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    return stat == null ? Double.NaN : seconds(stat, false);
  }

  /**
   * CPU seconds of a process and every child: the live ones read one by one, the ones that ended
   * (and were reaped) through the parent's cutime/cstime. A child that ends inside a window moves
   * from one sum to the other, so a difference of two readings stays right.
   */
  public static double withChildren(long pid) {
    if (pid <= 0) return Double.NaN;
    String own = read(Path.of("/proc", Long.toString(pid), "stat"));
    if (own == null) return Double.NaN;
    double total = seconds(own, true);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        String stat = read(entry.resolve("stat"));
        if (stat != null && parent(stat) == pid) total += seconds(stat, false);
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return total;
  }

  /**
   * CPU seconds the JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre") of a JVM have used
   * so far. HotSpot adds and removes compiler threads as its queue grows; the sum covers the
   * threads alive now, so a difference of two readings can fall short (never over) after one ended:
   * good enough to tell "still compiling" from "done".
   */
  public static double jit(long pid) {
    if (pid <= 0) return Double.NaN;
    double total = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        String stat = read(task.resolve("stat"));
        if (stat != null && name(stat).contains("CompilerThre")) total += seconds(stat, false);
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return total;
  }

  /** CPU seconds the whole machine has been busy (all but idle and iowait), over every core. */
  public static double machineBusy() {
    String stat = read(Path.of("/proc/stat"));
    return stat == null ? Double.NaN : machineBusy(stat.lines().findFirst().orElse(""));
  }

  static double machineBusy(String cpuLine) {
    List<String> f = List.of(cpuLine.trim().split("\\s+"));
    long total = 0;
    for (int i = 1; i <= 8 && i < f.size(); i++) total += Long.parseLong(f.get(i));
    long idle = Long.parseLong(f.get(4)) + Long.parseLong(f.get(5));
    return (total - idle) / TICKS_PER_SECOND;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
