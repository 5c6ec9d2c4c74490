package com.reservation.engine.customer;

import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The customers that had a per-customer allowance entity, listed once by the V8 migration from the
 * journal's persistence ids (table {@code earlier_customer_allowance}); empty on a store created by
 * this version or later.
 */
public final class EarlierAllowanceTable implements EarlierAllowances.Directory {
  private final DataSource dataSource;
  private final Executor jdbc;

  public EarlierAllowanceTable(DataSource dataSource, Executor jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<List<String>> customers(String venueId) {
    return CompletableFuture.supplyAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT customer_id FROM earlier_customer_allowance WHERE venue_id = ?")) {
                    s.setString(1, venueId);
                    List<String> customers = new ArrayList<>();
                    try (ResultSet r = s.executeQuery()) {
                      while (r.next()) customers.add(r.getString(1));
                    }
                    return customers;
                  }
                }),
        jdbc);
  }
}
