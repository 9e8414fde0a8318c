package dev.tenantscope.queryapi.api;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An instant written as ClickHouse writes a {@code DateTime64(3, 'UTC')}: {@code 2026-03-15 11:00:00.000}.
 * The API has always answered engine timestamps in this form; clients and dashboards parse it.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonFormat(shape = JsonFormat.Shape.STRING, pattern = ClickHouseTime.PATTERN, timezone = "UTC")
public @interface ClickHouseTime {
    String PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";

    /** A {@code DateTime} (whole seconds) column: {@code 2026-03-15 11:00:00}. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = Seconds.PATTERN, timezone = "UTC")
    @interface Seconds {
        String PATTERN = "yyyy-MM-dd HH:mm:ss";
    }
}
