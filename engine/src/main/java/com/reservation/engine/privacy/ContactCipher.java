package com.reservation.engine.privacy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a contact map into a one-field map the slot stores as it stores any contact ({@link
 * #SEALED_FIELD} to {@code "v2:" + keyId (16 hex digits) + ":" + base64(iv || AES-256-GCM
 * ciphertext and tag)}), and opens it again with the same key. The key id says which of the
 * customer's keys opens it; the first format ({@code "v1:" + base64(...)}) predates several keys
 * per customer and opens with key 0. The stored format of facts and snapshots stays {@code
 * Map<String, String>}: journals written before sealing still read, their contact maps simply are
 * not sealed.
 *
 * <p>The customer id (and in v2 the key id) is the additional authenticated data: a sealed map
 * copied to another customer's booking does not open. A wrong or replaced key fails the GCM tag, so
 * "key deleted" and "key replaced after an erasure" both read as nothing.
 */
public final class ContactCipher {
  /**
   * The one field of a sealed contact map. Clients may send a field of this name: it is sealed like
   * any other.
   */
  public static final String SEALED_FIELD = "~sealed";

  static final int KEY_BYTES = 32;
  private static final String V1 = "v1:";
  private static final String V2 = "v2:";
  private static final int KEY_ID_DIGITS = 16;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  // A Cipher per thread: getInstance looks the provider up each time, which costs more than sealing
  // a contact.
  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is part of every JDK", e);
            }
          });

  private ContactCipher() {}

  /** A fresh random AES-256 key. */
  public static byte[] newKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** A fresh random key id (never 0, the id of the keys made before key ids existed). */
  public static long newKeyId() {
    long id;
    do id = RANDOM.nextLong();
    while (id == 0);
    return id;
  }

  /** Which of the customer's keys opens this sealed map; empty when it is not a sealed map. */
  public static OptionalLong keyIdOf(Map<String, String> sealed) {
    String value = sealed == null ? null : sealed.get(SEALED_FIELD);
    if (value == null) return OptionalLong.empty();
    if (value.startsWith(V1)) return OptionalLong.of(0);
    if (!value.startsWith(V2) || value.length() < V2.length() + KEY_ID_DIGITS + 1)
      return OptionalLong.empty();
    try {
      return OptionalLong.of(
          Long.parseUnsignedLong(value.substring(V2.length(), V2.length() + KEY_ID_DIGITS), 16));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public static boolean isSealed(Map<String, String> contact) {
    return contact != null && contact.size() == 1 && contact.containsKey(SEALED_FIELD);
  }

  /**
   * {@code contact} sealed under {@code key}; an empty map stays empty (nothing to protect, nothing
   * to pay).
   */
  public static Map<String, String> seal(
      String customerId, Map<String, String> contact, long keyId, byte[] key) {
    if (contact.isEmpty()) return Map.of();
    String keyIdText = keyIdText(keyId);
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(additionalData(customerId, keyIdText));
      byte[] sealed = cipher.doFinal(encode(contact));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return Map.of(SEALED_FIELD, V2 + keyIdText + ":" + Base64.getEncoder().encodeToString(out));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * The contact inside a sealed map, or empty when {@code key} does not open it (erased, replaced,
   * not ours).
   */
  public static Optional<Map<String, String>> open(
      String customerId, Map<String, String> sealed, byte[] key) {
    String value = sealed.get(SEALED_FIELD);
    if (value == null) return Optional.empty();
    byte[] additionalData;
    String body;
    if (value.startsWith(V1)) {
      additionalData = customerId.getBytes(StandardCharsets.UTF_8);
      body = value.substring(V1.length());
    } else if (value.startsWith(V2) && value.length() > V2.length() + KEY_ID_DIGITS) {
      String keyIdText = value.substring(V2.length(), V2.length() + KEY_ID_DIGITS);
      additionalData = additionalData(customerId, keyIdText);
      body = value.substring(V2.length() + KEY_ID_DIGITS + 1);
    } else {
      return Optional.empty();
    }
    byte[] in;
    try {
      in = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (in.length < IV_BYTES + TAG_BITS / 8) return Optional.empty();
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      cipher.updateAAD(additionalData);
      return Optional.of(decode(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES)));
    } catch (GeneralSecurityException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static String keyIdText(long keyId) {
    String hex = Long.toHexString(keyId);
    return "0".repeat(KEY_ID_DIGITS - hex.length()) + hex;
  }

  private static byte[] additionalData(String customerId, String keyIdText) {
    return (customerId + "\u0000" + keyIdText).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encode(Map<String, String> contact) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(contact.size());
      for (Map.Entry<String, String> field : contact.entrySet()) {
        out.writeUTF(field.getKey());
        out.writeUTF(field.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> decode(byte[] plain) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
      int size = in.readUnsignedShort();
      Map<String, String> contact = new HashMap<>(size * 2);
      for (int i = 0; i < size; i++) contact.put(in.readUTF(), in.readUTF());
      return Map.copyOf(contact);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
