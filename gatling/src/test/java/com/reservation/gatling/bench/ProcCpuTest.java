package com.reservation.gatling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The /proc parsing the CPU accounting rests on. */
class ProcCpuTest {
  // A command name with a space and a parenthesis, as a JVM thread or a PostgreSQL backend can
  // have.
  private static final String STAT =
      "4242 (postgres: a (b)) S 4200 4242 4242 0 -1 4194560 500 0 0 0 1234 566 70 30 20 0 1 0 100 1000 10 0";

  @Test
  void readsTimesAndParentAfterAnAwkwardName() {
    assertEquals("postgres: a (b)", ProcCpu.name(STAT));
    assertEquals(4200, ProcCpu.parent(STAT));
    assertEquals(18.0, ProcCpu.seconds(STAT, false), 1e-9);
    assertEquals(19.0, ProcCpu.seconds(STAT, true), 1e-9);
  }

  @Test
  void machineBusyLeavesOutIdleAndIowait() {
    assertEquals(3.5, ProcCpu.machineBusy("cpu  100 50 100 9000 500 50 50 0 0 0"), 1e-9);
  }

  @Test
  void readsThisJvm() {
    long self = ProcessHandle.current().pid();
    assertTrue(ProcCpu.process(self) > 0);
    assertTrue(ProcCpu.withChildren(self) >= ProcCpu.process(self));
    assertTrue(ProcCpu.jit(self) >= 0);
    assertTrue(Double.isNaN(ProcCpu.process(0)));
  }
}
