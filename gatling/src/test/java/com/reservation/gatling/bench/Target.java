package com.reservation.gatling.bench;

/**
 * A server under test: {@code engine} or {@code baseline}, its base URL, and the pid of its JVM (0
 * if unknown).
 */
public record Target(String name, String url, long pid) {}
