package io.movedata.runtime.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CqlScriptTest {

    @Test
    void semicolonsInLiteralsIdentifiersBodiesAndCommentsDoNotSplit() {
        String script = """
                -- a comment; with a semicolon
                CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
                CREATE TABLE ks."odd;name" (k int PRIMARY KEY, v text) WITH comment = 'it''s; fine';
                /* block; comment */ CREATE FUNCTION ks.f (x int) RETURNS NULL ON NULL INPUT RETURNS int
                    LANGUAGE java AS $$ return x; $$;
                // trailing statement without semicolon
                CREATE TYPE ks.t (a int)
                """;

        assertThat(CqlScript.statements(script)).containsExactly(
                "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}",
                "CREATE TABLE ks.\"odd;name\" (k int PRIMARY KEY, v text) WITH comment = 'it''s; fine'",
                "CREATE FUNCTION ks.f (x int) RETURNS NULL ON NULL INPUT RETURNS int\n    LANGUAGE java AS $$ return x; $$",
                "CREATE TYPE ks.t (a int)");
    }

    @Test
    void emptyStatementsAreDropped() {
        assertThat(CqlScript.statements(" ;;\n ; ")).isEmpty();
    }
}
