/**
 * Public events: what a subscriber of the pull feed or a webhook receives ({@link
 * com.reservation.engine.events.model.PublicEvent}, its types and bodies), and the one mapping from
 * a slot's stored facts to them ({@link com.reservation.engine.events.model.EventMapping}), with
 * ids stable across replays. Shared by the feed and the webhook outbox, so it sits below both.
 * Contact data never reaches an event. Depends on the slot packages only.
 */
package com.reservation.engine.events.model;
