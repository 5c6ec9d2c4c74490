/**
 * Cluster tests: several nodes in one JVM (graceful leave, a joining node, shards moving) and
 * several node processes (a SIGKILL mid-burst and the measured failover). Both share one PostgreSQL
 * and free ports only.
 *
 * <p>The process tests' fixture ({@link com.reservation.http.cluster.ProcessCluster}: PostgreSQL,
 * the migration and N nodes as processes) lives here rather than in the shared {@code test-support}
 * module or in {@code http.testing}: it starts http-api's own {@code Main} commands (which {@code
 * test-support} may not depend on), builds on {@link com.reservation.http.cluster.NodeProcess}, and
 * only these tests use it, so it stays package-private instead of widening the test-jar that
 * client-test sees.
 */
package com.reservation.http.cluster;
