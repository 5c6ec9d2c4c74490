package com.reservation.testsupport;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class CountingDataSourceTest {
  /** A data source whose connections are stand-ins that are never used. */
  private static DataSource fake() {
    Connection connection =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> null);
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> method.getName().equals("getConnection") ? connection : null);
  }

  @Test
  void countsTheConnectionsHandedOutAndRefusesThemOnDemand() throws Exception {
    CountingDataSource counted = new CountingDataSource(fake());
    assertNotNull(counted.getConnection());
    assertNotNull(counted.getConnection("u", "p"));
    assertEquals(2, counted.connections.get());

    counted.refuse.set(true);
    SQLException refused = assertThrows(SQLException.class, counted::getConnection);
    assertEquals("08001", refused.getSQLState());
    assertThrows(SQLException.class, () -> counted.getConnection("u", "p"));
    assertEquals(2, counted.connections.get(), "a refused connection is not counted");

    counted.refuse.set(false);
    assertNotNull(counted.getConnection());
    assertEquals(3, counted.connections.get());
  }
}
