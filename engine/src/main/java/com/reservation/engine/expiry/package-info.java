/**
 * Hold expiry for slots that are not awake: every node runs an {@link
 * com.reservation.engine.expiry.ExpiryWaker} that reads the earliest hold expiry of every slot from
 * the read model and wakes the slots whose holds are about to expire, wherever they live now. A
 * woken slot sets its own timer and expires its holds on time. Depends on Akka, JDBC and the slot
 * package.
 */
package com.reservation.engine.expiry;
