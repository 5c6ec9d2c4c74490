package com.reservation.gatling.rush;

import com.reservation.gatling.support.PythonScript;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code gatling/opening_rush_report_test.py} (the figures and the verdict that {@code
 * opening-rush.sh} prints: rank correlations, admission windows, failures), so that {@code ./mvnw
 * verify} checks them too; skipped, saying so, without python3.
 */
class RushReportTest {
  @Test
  void theReportsUnitTestsPass() throws Exception {
    PythonScript.assertPasses("opening_rush_report_test.py");
  }
}
