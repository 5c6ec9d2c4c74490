/**
 * Cluster tests: several nodes in one JVM (graceful leave, a joining node, shards moving) and
 * several node processes (a SIGKILL mid-burst and the measured failover). Both share one PostgreSQL
 * and free ports only.
 */
package com.reservation.http.cluster;
