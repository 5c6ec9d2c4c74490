package com.reservation.engine.privacy;

import com.reservation.engine.privacy.keys.CustomerKeyRow;

/**
 * The key new contact data of a customer is sealed with.
 *
 * @param toStore the key's row when it is new: it must be stored with the event that records the
 *     data it seals (the slot hands it to the journal); null when the key is already stored
 * @param erasuresSeen how many erasures this node had seen when the key was chosen: a new key is
 *     learnt as stored only if no erasure of its customer was seen since ({@link CustomerKeys})
 */
record SealingKey(long keyId, byte[] key, CustomerKeyRow toStore, long erasuresSeen) {}
