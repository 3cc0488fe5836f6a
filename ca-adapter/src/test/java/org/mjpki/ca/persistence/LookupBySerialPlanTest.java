package org.mjpki.ca.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CaTestSupport;
import org.mjpki.testsupport.PostgresTestDatabase;

/**
 * V3: on a table whose statistics still say "empty", the generic plan of every look-up by serial is the primary key's,
 * not a scan of all the CA's certificates through an index that merely begins with the issuing CA.
 */
class LookupBySerialPlanTest {

    private HikariDataSource pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    /** A statement as the repository sends it, the types of its parameters, and values to explain it with. */
    private record Lookup(String sql, String types, String values) {}

    @Test
    void lookUpsBySerialUseThePrimaryKeyOnANewTable() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        pool = CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password());
        new CaSchema(pool);
        List<Lookup> lookups = List.of(
                new Lookup("SELECT der FROM ca.certificate WHERE issuing_ca = $1 AND serial = $2", "(varchar, varchar)",
                        "('SIGNING', 'ab')"),
                new Lookup("SELECT der FROM ca.certificate WHERE issuing_ca = $1 AND serial = $2 FOR UPDATE",
                        "(varchar, varchar)", "('SIGNING', 'ab')"),
                new Lookup("UPDATE ca.certificate SET der = $3, status = 'GOOD' WHERE issuing_ca = $1 AND serial = $2 "
                        + "AND status = 'RESERVED'", "(varchar, varchar, bytea)", "('SIGNING', 'ab', '\\x00')"),
                new Lookup("UPDATE ca.certificate SET status = 'REVOKED', status_seq = $3 WHERE issuing_ca = $1 AND serial = $2",
                        "(varchar, varchar, bigint)", "('SIGNING', 'ab', 1)"));
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET plan_cache_mode = force_generic_plan");      // the plan a pooled connection keeps
            int n = 0;
            for (Lookup l : lookups) {
                String name = "lookup" + n++;
                st.execute("PREPARE " + name + l.types() + " AS " + l.sql());
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE " + name + l.values())) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
                String text = String.join("\n", plan);
                assertThat(text).as(l.sql() + "\n" + text).contains("using pk_certificate");
                assertThat(text).as(l.sql() + "\n" + text).containsPattern("Index Cond: .*serial");
            }
        }
    }
}
