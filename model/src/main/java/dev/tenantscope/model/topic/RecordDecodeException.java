package dev.tenantscope.model.topic;

import org.apache.kafka.common.errors.SerializationException;

/** A record that could not be decoded or failed validation; the message names the topic and the field. */
public class RecordDecodeException extends SerializationException {
    public RecordDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
