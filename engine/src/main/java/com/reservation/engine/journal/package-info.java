/**
 * Our own write path into akka-persistence-jdbc's PostgreSQL schema: the journal plugin (group
 * commit across slots, one statement per flush, one-query recovery reads), the snapshot writer that
 * stores a slot's immutable state off the slot's path, and the gap-free reader of tagged events the
 * projections run on. What it writes stays readable by akka-persistence-jdbc's own journal,
 * snapshot store and read journal (same tables, same serialization). Depends on Akka Persistence
 * and JDBC only.
 */
package com.reservation.engine.journal;
