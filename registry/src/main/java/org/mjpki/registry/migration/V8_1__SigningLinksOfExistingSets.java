package org.mjpki.registry.migration;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V8.1: every set made before V8 gets its signing link from the card certificate recorded on the set (V3), its serial
 * written in hex as V8 keeps it. In Java because neither database turns a 128-bit number into hex in SQL. Those sets
 * have no user-auth link: their applications did not carry the card's user-auth certificate.
 */
public class V8_1__SigningLinksOfExistingSets extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (PreparedStatement select = c.prepareStatement(
                     "SELECT credential_set_id, card_issuing_ca, card_serial, created_at FROM credential_set"
                             + " WHERE card_issuing_ca IS NOT NULL AND card_serial IS NOT NULL");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO card_certificate_link (credential_set_id, key_role, card_issuing_ca, card_serial, linked_at)"
                             + " VALUES (?, 'SIGNING', ?, ?, ?)");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                BigDecimal serial = rows.getBigDecimal(3);
                Timestamp createdAt = rows.getTimestamp(4);
                insert.setString(1, rows.getString(1));
                insert.setString(2, rows.getString(2));
                insert.setString(3, serial.toBigIntegerExact().toString(16));
                insert.setTimestamp(4, createdAt);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
