package com.reservation.http.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer tokens {@code /admin/**} accepts: {@code RESERVATION_ADMIN_TOKEN} and every one of
 * {@code RESERVATION_ADMIN_TOKENS} (comma-separated), so a new token can be rolled out to every
 * node before clients switch to it and the old one is dropped (docs/cluster.md, "Rotating the admin
 * token").
 *
 * <p>Only SHA-256 digests of the tokens are kept, and {@link #accepts} compares a presented token's
 * digest with every one of them in full, whatever matches: the time it takes says nothing about any
 * token, not even its length. The primary token (the first) is kept in clear only when the node
 * generated it, since it must be printed once.
 */
public final class AdminTokens {
  /** Shorter tokens are refused at start. */
  public static final int MIN_LENGTH = 16;

  /**
   * RFC 6750's b64token (RFC 9110's token68): what may follow "Bearer " in a header. Hex and base64
   * qualify.
   */
  private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private final byte[][] digests;
  private final String generated;

  private AdminTokens(List<String> tokens, String generated) {
    this.digests = tokens.stream().map(AdminTokens::digest).toArray(byte[][]::new);
    this.generated = generated;
  }

  /**
   * The configured tokens, in order, duplicates dropped.
   *
   * @throws IllegalArgumentException naming the rule a token breaks (never the token itself)
   */
  public static AdminTokens of(List<String> tokens) {
    if (tokens.isEmpty()) throw new IllegalArgumentException("no admin token given");
    for (String token : tokens) {
      if (token.length() < MIN_LENGTH) {
        throw new IllegalArgumentException(
            "every admin token must be at least " + MIN_LENGTH + " characters long");
      }
      if (!TOKEN68.matcher(token).matches()) {
        throw new IllegalArgumentException(
            "admin tokens consist of A-Z a-z 0-9 - . _ ~ + / (and = at the end), as bearer tokens must");
      }
    }
    return new AdminTokens(List.copyOf(new LinkedHashSet<>(tokens)), null);
  }

  /** One random token (192 bits, hex), for a single node started without any. */
  public static AdminTokens generate() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    return new AdminTokens(List.of(token), token);
  }

  /**
   * Whether {@code presented} is one of the tokens; in time independent of which one, if any, it
   * matches.
   */
  public boolean accepts(String presented) {
    byte[] candidate = digest(presented);
    boolean accepted = false;
    for (byte[] digest : digests) accepted |= MessageDigest.isEqual(digest, candidate);
    return accepted;
  }

  public int count() {
    return digests.length;
  }

  /**
   * The token this node generated (to print once at start); empty when the tokens were configured.
   */
  public Optional<String> generatedToken() {
    return Optional.ofNullable(generated);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "AdminTokens[" + digests.length + (generated != null ? ", generated" : "") + "]";
  }
}
