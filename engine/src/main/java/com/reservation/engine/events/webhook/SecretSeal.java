package com.reservation.engine.events.webhook;

import com.reservation.engine.store.ClusterSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets sealed at rest: AES-256-GCM under the cluster's secrets key, bound to their
 * webhook id, stored as {@code s1:<base64 of nonce and ciphertext>}. The key is made once by the
 * first node that needs it and kept in the database ({@code secret_key}, like the contact-data
 * keys), so every node can sign; a copy or export of the webhook table, a query log or a replica of
 * that table alone no longer shows a secret. Whoever reads the whole database reads the key too:
 * this is not a substitute for protecting the database. A secret stored by an earlier version (no
 * prefix) is read as it is and sealed when the node starts ({@link WebhookStore#sealPlaintext}).
 */
final class SecretSeal {
  private static final String PREFIX = "s1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AtomicReference<SecretKeySpec> key = new AtomicReference<>();

  static boolean isSealed(String stored) {
    return stored.startsWith(PREFIX);
  }

  String seal(Connection c, String webhookId, String secret) throws SQLException {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key(c), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
      byte[] ciphertext = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + ciphertext.length)
                      .put(nonce)
                      .put(ciphertext)
                      .array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not seal a webhook secret", e);
    }
  }

  /** The secret {@code stored} holds: opened when sealed, as it is when stored before sealing. */
  String open(Connection c, String webhookId, String stored) throws SQLException {
    if (!isSealed(stored)) return stored;
    byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key(c), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
      return new String(
          cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      // Never the value itself: only that this row's secret does not open under this key.
      throw new IllegalStateException(
          "the stored secret of webhook " + webhookId + " does not open (changed or moved)", e);
    }
  }

  /** The cluster's secrets key: made by the first node that needs it, then read by all. */
  private SecretKeySpec key(Connection c) throws SQLException {
    SecretKeySpec known = key.get();
    if (known != null) return known;
    key.compareAndSet(
        null, new SecretKeySpec(ClusterSecrets.key(c, ClusterSecrets.WEBHOOK_SEAL), "AES"));
    return key.get();
  }
}
