package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * {@code GET /health/live} as fast as it answers: what this machine, this load generator and the engine's HTTP
 * layer can serve at all, with no state behind it. The other workloads are read as a fraction of it.
 */
public final class Ceiling implements Workload {
  private final String url;

  public Ceiling(Target target) {
    this.url = target.url() + "/health/live";
  }

  @Override
  public String name() {
    return "ceiling";
  }

  @Override
  public String unit() {
    return "answers/s";
  }

  @Override
  public void prepare(Seeder seeder) {}

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(Calls.get(phase, "health", session -> url));
  }

  @Override
  public Verdict judge(int status, String problem) {
    return status == 200 ? Verdict.COUNTED : Verdict.KO;
  }
}
