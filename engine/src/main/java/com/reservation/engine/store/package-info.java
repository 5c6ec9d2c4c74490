/**
 * Storage: the PostgreSQL connection pool, the schema migration and the JDBC session the projection
 * uses. Depends on JDBC only; the embedded PostgreSQL of single-node runs and tests is the {@code
 * embedded-db} module's.
 */
package com.reservation.engine.store;
