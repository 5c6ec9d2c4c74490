package com.reservation.gatling.bench;

import com.reservation.gatling.support.PythonScript;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code gatling/bench_tool_test.py} (the RESULT lines that {@code bench.sh} prints), so that
 * {@code ./mvnw verify} checks them too; skipped, saying so, without python3.
 */
class BenchToolTest {
  @Test
  void theReportsUnitTestsPass() throws Exception {
    PythonScript.assertPasses("bench_tool_test.py");
  }
}
