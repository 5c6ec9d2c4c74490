/**
 * Personal data and its erasure. Contact data reaches a slot only sealed (AES-GCM) under its
 * customer's own key ({@link com.reservation.engine.privacy.ContactVault}); erasing a customer
 * deletes the key ({@link com.reservation.engine.privacy.CustomerKeys}), which makes every stored
 * copy unreadable at once: journal, snapshots and slot state are append-only or replicated and
 * cannot be rewritten, a key can.
 */
package com.reservation.engine.privacy;
