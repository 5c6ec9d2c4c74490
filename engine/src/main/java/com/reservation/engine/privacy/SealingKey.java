package com.reservation.engine.privacy;

import com.reservation.engine.privacy.keys.CustomerKeyRow;

/**
 * The key new contact data of a customer is sealed with.
 *
 * @param toStore the key's row when it is new: it must be stored with the event that records the
 *     data it seals (the slot hands it to the journal); null when the key is already stored
 */
record SealingKey(long keyId, byte[] key, CustomerKeyRow toStore) {}
