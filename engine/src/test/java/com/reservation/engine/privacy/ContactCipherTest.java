package com.reservation.engine.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sealing and opening contact maps: round trip, and nothing opens under another key or for another
 * customer.
 */
class ContactCipherTest {
  private static final Map<String, String> CONTACT =
      Map.of("name", "Siti Nurhaliza", "phone", "60123456789");

  @Test
  void sealedContactOpensWithItsKeyForItsCustomerOnly() {
    byte[] key = ContactCipher.newKey();
    Map<String, String> sealed = ContactCipher.seal("c-1", CONTACT, 7, key);
    assertTrue(ContactCipher.isSealed(sealed));
    assertFalse(
        sealed.toString().contains("Siti") || sealed.toString().contains("60123456789"),
        sealed.toString());
    assertEquals(CONTACT, ContactCipher.open("c-1", sealed, key).orElseThrow());

    assertTrue(
        ContactCipher.open("c-1", sealed, ContactCipher.newKey()).isEmpty(),
        "another key (erased, replaced)");
    assertTrue(ContactCipher.open("c-2", sealed, key).isEmpty(), "copied to another customer");
    String value = sealed.get(ContactCipher.SEALED_FIELD);
    char last = value.charAt(value.length() - 3);
    Map<String, String> tampered =
        Map.of(
            ContactCipher.SEALED_FIELD,
            value.substring(0, value.length() - 3)
                + (last == 'A' ? 'B' : 'A')
                + value.substring(value.length() - 2));
    assertTrue(ContactCipher.open("c-1", tampered, key).isEmpty(), "tampered");
    assertTrue(
        ContactCipher.open("c-1", Map.of(ContactCipher.SEALED_FIELD, "v1:not base64!"), key)
            .isEmpty());
    assertTrue(ContactCipher.open("c-1", Map.of(ContactCipher.SEALED_FIELD, "v1:"), key).isEmpty());
    assertEquals(7, ContactCipher.keyIdOf(sealed).getAsLong(), "it names its key");
    String otherKeyId = value.replaceFirst("^v2:0{15}7", "v2:0000000000000008");
    assertTrue(
        ContactCipher.open("c-1", Map.of(ContactCipher.SEALED_FIELD, otherKeyId), key).isEmpty(),
        "the key id is authenticated: relabelled, it does not open");
  }

  /** Data sealed before key ids existed ("v1:") still opens, and names key 0. */
  @Test
  void theFirstFormatStillOpensWithKeyZero() throws Exception {
    byte[] key = ContactCipher.newKey();
    byte[] iv = new byte[12];
    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        javax.crypto.Cipher.ENCRYPT_MODE,
        new javax.crypto.spec.SecretKeySpec(key, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, iv));
    cipher.updateAAD("c-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(plain)) {
      out.writeShort(1);
      out.writeUTF("name");
      out.writeUTF("Ada");
    }
    byte[] sealed = cipher.doFinal(plain.toByteArray());
    byte[] stored = new byte[12 + sealed.length];
    System.arraycopy(sealed, 0, stored, 12, sealed.length);
    Map<String, String> v1 =
        Map.of(
            ContactCipher.SEALED_FIELD,
            "v1:" + java.util.Base64.getEncoder().encodeToString(stored));
    assertEquals(0, ContactCipher.keyIdOf(v1).getAsLong());
    assertEquals(Map.of("name", "Ada"), ContactCipher.open("c-1", v1, key).orElseThrow());
    assertTrue(ContactCipher.keyIdOf(Map.of("name", "Ada")).isEmpty());
  }

  @Test
  void sealingIsRandomisedAndEmptyStaysEmpty() {
    byte[] key = ContactCipher.newKey();
    assertNotEquals(
        ContactCipher.seal("c-1", CONTACT, 7, key),
        ContactCipher.seal("c-1", CONTACT, 7, key),
        "a fresh IV each time");
    assertEquals(Map.of(), ContactCipher.seal("c-1", Map.of(), 7, key));
    assertFalse(ContactCipher.isSealed(Map.of()));
    assertFalse(ContactCipher.isSealed(CONTACT));
    // A client's own field of the sealed name is sealed like any other and comes back as it was
    // sent.
    Map<String, String> odd = Map.of(ContactCipher.SEALED_FIELD, "client value");
    assertEquals(
        odd, ContactCipher.open("c-1", ContactCipher.seal("c-1", odd, 7, key), key).orElseThrow());
  }

  /**
   * A documented measurement, not an assertion: what sealing and opening one typical contact costs
   * on this machine.
   */
  @Test
  void costOfSealingAndOpening() {
    byte[] key = ContactCipher.newKey();
    Map<String, String> sealed = null;
    for (int i = 0; i < 20_000; i++) sealed = ContactCipher.seal("c-" + (i & 7), CONTACT, 7, key);
    int rounds = 50_000;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) sealed = ContactCipher.seal("c-1", CONTACT, 7, key);
    long sealNs = (System.nanoTime() - start) / rounds;
    start = System.nanoTime();
    for (int i = 0; i < rounds; i++) assertTrue(ContactCipher.open("c-1", sealed, key).isPresent());
    long openNs = (System.nanoTime() - start) / rounds;
    System.out.printf(
        "ContactCipher: seal %d ns, open %d ns per contact of %d fields (%d chars stored)%n",
        sealNs, openNs, CONTACT.size(), sealed.get(ContactCipher.SEALED_FIELD).length());
  }
}
