package com.reservation.engine.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Secret keys the whole cluster shares, kept in the database ({@code secret_key}): each is made
 * once, by the first node that needs it, and read by every other. Whoever reads the whole database
 * reads them too; they protect against a leaked table, export or log, not a leaked database.
 */
public final class ClusterSecrets {
  /** The key that seals webhook secrets at rest (AES-256). */
  public static final int WEBHOOK_SEAL = 1;

  /** The key that signs waiting-room admission tokens (HMAC-SHA256). */
  public static final int ADMISSION_SIGNING = 2;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ClusterSecrets() {}

  /**
   * The 32 bytes of key {@code keyId}: the stored ones, or fresh ones stored now when this is the
   * first node to ask (two nodes asking at once read the same winner).
   */
  public static byte[] key(Connection c, int keyId) throws SQLException {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO secret_key (key_id, key) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING")) {
      s.setInt(1, keyId);
      s.setBytes(2, fresh);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("SELECT key FROM secret_key WHERE key_id = ?")) {
      s.setInt(1, keyId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }
}
