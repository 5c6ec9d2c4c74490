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
    Map<String, String> sealed = ContactCipher.seal("c-1", CONTACT, key);
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
  }

  @Test
  void sealingIsRandomisedAndEmptyStaysEmpty() {
    byte[] key = ContactCipher.newKey();
    assertNotEquals(
        ContactCipher.seal("c-1", CONTACT, key),
        ContactCipher.seal("c-1", CONTACT, key),
        "a fresh IV each time");
    assertEquals(Map.of(), ContactCipher.seal("c-1", Map.of(), key));
    assertFalse(ContactCipher.isSealed(Map.of()));
    assertFalse(ContactCipher.isSealed(CONTACT));
    // A client's own field of the sealed name is sealed like any other and comes back as it was
    // sent.
    Map<String, String> odd = Map.of(ContactCipher.SEALED_FIELD, "client value");
    assertEquals(
        odd, ContactCipher.open("c-1", ContactCipher.seal("c-1", odd, key), key).orElseThrow());
  }

  /**
   * A documented measurement, not an assertion: what sealing and opening one typical contact costs
   * on this machine.
   */
  @Test
  void costOfSealingAndOpening() {
    byte[] key = ContactCipher.newKey();
    Map<String, String> sealed = null;
    for (int i = 0; i < 20_000; i++) sealed = ContactCipher.seal("c-" + (i & 7), CONTACT, key);
    int rounds = 50_000;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) sealed = ContactCipher.seal("c-1", CONTACT, key);
    long sealNs = (System.nanoTime() - start) / rounds;
    start = System.nanoTime();
    for (int i = 0; i < rounds; i++) assertTrue(ContactCipher.open("c-1", sealed, key).isPresent());
    long openNs = (System.nanoTime() - start) / rounds;
    System.out.printf(
        "ContactCipher: seal %d ns, open %d ns per contact of %d fields (%d chars stored)%n",
        sealNs, openNs, CONTACT.size(), sealed.get(ContactCipher.SEALED_FIELD).length());
  }
}
