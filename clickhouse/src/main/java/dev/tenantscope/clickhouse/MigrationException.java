package dev.tenantscope.clickhouse;

/** A migration could not be applied; {@link #file()} names it, the cause carries ClickHouse's error. */
public final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public MigrationException(String file, String message, ClickHouseException cause) {
        super(message, cause);
        this.file = file;
    }

    /** The migration's file name, e.g. {@code V001__initial_schema.sql}. */
    public String file() {
        return file;
    }

    /** ClickHouse's error, or null when the migration failed for another reason (e.g. a changed file). */
    public ClickHouseException clickHouseError() {
        return (ClickHouseException) getCause();
    }
}
