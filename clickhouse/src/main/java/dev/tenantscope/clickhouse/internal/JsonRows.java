package dev.tenantscope.clickhouse.internal;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@code JSONEachRow} stream into insertion-ordered maps. */
public final class JsonRows {
    private static final ObjectReader READER = new ObjectMapper().readerFor(LinkedHashMap.class);

    private JsonRows() {}

    public static List<Map<String, Object>> read(InputStream in) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = READER.readValues(in)) {
            while (it.hasNextValue()) {
                rows.add(it.nextValue());
            }
        }
        return rows;
    }
}
