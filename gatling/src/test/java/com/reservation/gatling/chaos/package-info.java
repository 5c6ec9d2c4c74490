/**
 * The load of cluster-config/chaos.sh: {@link com.reservation.gatling.chaos.ChaosLoad}, a plain
 * Java driver (not a Gatling simulation: every answer must be written down with the ids in its
 * body, and a client must retry an unknown outcome with the same Idempotency-Key as a real one
 * would). Its answer log is what the engine's {@code check-answers} command holds against the
 * journal. Depends only on the HTTP contract and the support package's seeding.
 */
package com.reservation.gatling.chaos;
