package dev.tenantscope.streams.internal;

/**
 * Where one buffered row came from, kept so a refused row can be dead-lettered as it was consumed.
 *
 * @param end the row's end offset in its batch's JSONEachRow buffer (rows are contiguous, in order)
 */
record SinkRow(String topic, int partition, long offset, String key, byte[] value, int end) {
    String where() {
        return topic + "-" + partition + "@" + offset;
    }
}
