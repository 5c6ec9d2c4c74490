package com.reservation.engine.slot.api;

/** A refusal, shared by every reply type so that the caller can map its reason precisely. */
public record Rejected(RejectionReason reason, String message)
    implements SlotReply, BookingReply, HoldReply, WaitlistReply, GrantReply {}
