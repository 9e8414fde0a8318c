package dev.tenantscope.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tenantscope.clickhouse.schema.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector behind ModuleBoundariesTest's no-hand-copied-column-list rule finds what it should, only that. */
class ColumnLiteralListsTest {
    private final ColumnLiteralLists detector = new ColumnLiteralLists(Tables.all());

    @Test
    void findsCollectionLiteralsOfOneTablesColumnsAndNothingElse() throws IOException {
        List<ColumnLiteralLists.Finding> found = detector.find(fixture("/boundaries/HandCopiedColumns.java.txt"));

        assertThat(found)
                .extracting(ColumnLiteralLists.Finding::line, ColumnLiteralLists.Finding::columns)
                .containsExactly(
                        tuple(5, List.of("tenant_id", "account_id", "day")),
                        tuple(9, List.of("account_id", "started_at", "duration_ms")),
                        tuple(19, List.of("quota_code", "quota_name", "usage")));
    }

    private static String fixture(String resource) throws IOException {
        try (InputStream in = ColumnLiteralListsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
