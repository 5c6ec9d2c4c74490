package com.reservation.engine.serialization;

/**
 * Marker bound to Akka's {@code jackson-cbor} serializer in {@code reservation-engine.conf}. Akka
 * 2.8 ships no such marker (it arrived in 2.9), so we own it; Java serialization stays off.
 */
public interface CborSerializable {}
