package com.reservation.gatling.rush;

import com.reservation.gatling.support.Settings;

/**
 * What {@code gatling/opening-rush.sh} hands the {@link com.reservation.gatling.OpeningRush}
 * simulation, as system properties. Durations are seconds; a pid of 0 means "not known" (its CPU is
 * then reported as missing, never as zero).
 *
 * @param arrivals people who arrive ({@code -Darrivals}, 50,000)
 * @param windowSeconds over how long they arrive, evenly ({@code -Dwindow}, 60); the room opens a
 *     third of the way in, so a third arrive before the opening
 * @param admitPerMinute the room's {@code admitPerMinute} ({@code -DadmitPerMinute}, 10,000)
 * @param admissionTtlSeconds the room's {@code admissionTtlSeconds} ({@code -DadmissionTtlSeconds},
 *     600)
 * @param pollSeconds each person polls their ticket this often until admitted ({@code
 *     -DpollSeconds}, 5)
 * @param costUsers concurrent clients of the cost phases ({@code -DcostUsers}, 32)
 * @param costWarmupSeconds unmeasured seconds at the start of each cost phase ({@code
 *     -DcostWarmup}, 15)
 * @param costSeconds the measured window of each cost phase ({@code -DcostSeconds}, 20; 0: no cost
 *     phases)
 * @param rushMaxSeconds a person stops polling this long after the rush began ({@code
 *     -DrushMaxSeconds}; default the arrival window, the time the whole line takes at the rate, and
 *     90 s)
 * @param enginePid the node's JVM ({@code -DenginePid})
 * @param postgresPid its PostgreSQL postmaster ({@code -DpostgresPid})
 * @param resultDir where the result files go ({@code -DresultDir})
 */
public record RushConfig(
    int arrivals,
    int windowSeconds,
    int admitPerMinute,
    int admissionTtlSeconds,
    int pollSeconds,
    int costUsers,
    int costWarmupSeconds,
    int costSeconds,
    int rushMaxSeconds,
    long enginePid,
    long postgresPid,
    String resultDir) {

  public RushConfig {
    if (arrivals < 3) throw new IllegalArgumentException("-Darrivals must be at least 3");
    if (windowSeconds < 3) throw new IllegalArgumentException("-Dwindow must be at least 3 s");
    if (admitPerMinute < 1) throw new IllegalArgumentException("-DadmitPerMinute must be >= 1");
    if (pollSeconds < 1) throw new IllegalArgumentException("-DpollSeconds must be >= 1");
  }

  public static RushConfig fromSystemProperties() {
    int arrivals = Settings.intValue("arrivals", 50_000);
    int window = Settings.intValue("window", 60);
    int rate = Settings.intValue("admitPerMinute", 10_000);
    int lineSeconds = (int) Math.ceil(arrivals * 60.0 / rate);
    return new RushConfig(
        arrivals,
        window,
        rate,
        Settings.intValue("admissionTtlSeconds", 600),
        Settings.intValue("pollSeconds", 5),
        Settings.intValue("costUsers", 32),
        Settings.intValue("costWarmup", 15),
        Settings.intValue("costSeconds", 20),
        Settings.intValue("rushMaxSeconds", window + lineSeconds + 90),
        Long.parseLong(System.getProperty("enginePid", "0")),
        Long.parseLong(System.getProperty("postgresPid", "0")),
        System.getProperty("resultDir", "target/opening-rush"));
  }

  /** Seconds from the first arrival to the opening: a third of the window. */
  public double opensAfterSeconds() {
    return windowSeconds / 3.0;
  }

  public boolean measuresCost() {
    return costSeconds > 0;
  }

  /** Seconds one cost phase injects load: the warm-up, the window, and a margin for its tail. */
  public int costPhaseSeconds() {
    return costWarmupSeconds + costSeconds + 3;
  }

  /** A bound on the whole simulation (Gatling's maxDuration). */
  public long maxSeconds() {
    long cost = measuresCost() ? 2L * costPhaseSeconds() + 30 : 0;
    return cost + rushMaxSeconds + 60;
  }

  /** Seats per slot of the venue booked after admission: everyone fits, 200 slots. */
  public int seatsPerSlot(int slots) {
    return Math.max(10, (int) Math.ceil(arrivals * 1.1 / slots));
  }

  public String describe() {
    return "arrivals="
        + arrivals
        + " window="
        + windowSeconds
        + "s admitPerMinute="
        + admitPerMinute
        + " admissionTtlSeconds="
        + admissionTtlSeconds
        + " poll="
        + pollSeconds
        + "s cost="
        + (measuresCost()
            ? costUsers + " users, " + costWarmupSeconds + "s warm-up + " + costSeconds + "s"
            : "none")
        + " rushMax="
        + rushMaxSeconds
        + "s";
  }
}
