/**
 * The query API's wire types: every JSON response is one of these records (or a list of them inside one).
 * Record components are the JSON properties, in order; {@code openapi.yaml} names each record as a schema
 * and {@code OpenApiTest} keeps the two equal in both directions (names, types, {@code @Nullable} ⇔
 * {@code nullable: true}). Money is {@link java.math.BigDecimal}, written exactly; engine timestamps keep
 * ClickHouse's text form ({@link ClickHouseTime}).
 */
@NullMarked
package dev.tenantscope.queryapi.api;

import org.jspecify.annotations.NullMarked;
