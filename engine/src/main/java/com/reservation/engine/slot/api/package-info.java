/**
 * What callers of a slot send and get back: the requests ({@link
 * com.reservation.engine.slot.api.SlotCommand.Request}), the typed replies with their precise
 * rejection reasons, the views of a slot, a booking, a hold and a waitlist entry with their status
 * enums, and a slot's definition and id. The HTTP layer, the customer limits and the projections
 * build on these alone. Requests and replies cross the cluster (Jackson CBOR); none of them is
 * stored. Depends on Akka's {@code ActorRef} and {@code privacy.keys} only.
 */
package com.reservation.engine.slot.api;
