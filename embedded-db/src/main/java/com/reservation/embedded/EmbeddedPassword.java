package com.reservation.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's password: generated once (192 random bits, hex so it needs no quoting
 * anywhere) and kept in {@code <dataDir>/postgres-password}, readable by its owner only, so a
 * restart reuses it and tools started beside the node (pgbench, a baseline service) can read it.
 * The file holds the password and a newline, nothing else, so it also serves as initdb's {@code
 * --pwfile}.
 */
final class EmbeddedPassword {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPassword.class);
  static final String FILE_NAME = "postgres-password";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private EmbeddedPassword() {}

  static String loadOrCreate(Path file) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (Files.exists(file)) {
      if (posix && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        log.warn("{} was readable by others; it is now readable by its owner only", file);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String password = lines.isEmpty() ? "" : lines.get(0).trim();
      if (!password.matches("[0-9a-f]{16,}")) {
        throw new IOException(
            file
                + " does not hold a password this node made; restore it, or remove it together with the database files");
      }
      return password;
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path partial = file.resolveSibling(FILE_NAME + ".new");
    Files.deleteIfExists(partial);
    // Created with its final permissions, so the password is never readable by others, not even for
    // a moment.
    if (posix) Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    else Files.createFile(partial);
    Files.writeString(partial, password + "\n", StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    log.info("Generated the embedded PostgreSQL's password in {}", file);
    return password;
  }
}
