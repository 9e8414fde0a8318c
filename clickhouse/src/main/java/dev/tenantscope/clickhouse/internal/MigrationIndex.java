package dev.tenantscope.clickhouse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads {@code <location>/migrations.txt} (one file name per line, {@code #} comments) and the files. */
public final class MigrationIndex {
    public static final String INDEX = "migrations.txt";
    private static final Pattern FILE = Pattern.compile("V(\\d{3,})__([a-z0-9_]+)\\.sql");

    private MigrationIndex() {}

    public static List<Migration> load(ClassLoader loader, String location) {
        String indexPath = location + "/" + INDEX;
        String index = read(loader, indexPath);
        if (index == null) {
            throw new IllegalArgumentException("no migration index " + indexPath + " on the classpath");
        }
        return parse(index, indexPath, file -> read(loader, location + "/" + file));
    }

    /** Parses an index; {@code reader} returns a file's text or null when missing. */
    public static List<Migration> parse(
            String index, String indexPath, java.util.function.Function<String, String> reader) {
        List<Migration> migrations = new ArrayList<>();
        int lineNumber = 0;
        int previous = 0;
        for (String line : index.split("\n", -1)) {
            lineNumber++;
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = FILE.matcher(file);
            if (!m.matches()) {
                throw new IllegalArgumentException(indexPath + " line " + lineNumber + ": '" + file
                        + "' is not a migration file name; expected V<3+ digits>__<lower_snake_name>.sql,"
                        + " e.g. V002__add_alerts.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version <= previous) {
                throw new IllegalArgumentException(indexPath + " line " + lineNumber + ": version " + version + " of "
                        + file + " must be greater than the previous one (" + previous + ")");
            }
            previous = version;
            String sql = reader.apply(file);
            if (sql == null) {
                throw new IllegalArgumentException(
                        indexPath + " line " + lineNumber + " lists " + file + ", which is not on the classpath");
            }
            migrations.add(new Migration(version, m.group(2), file, sql, sha256(sql)));
        }
        return List.copyOf(migrations);
    }

    private static String read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    private static String sha256(String text) {
        try {
            // line endings normalised: a checkout with CRLF must not look like an edited migration
            byte[] bytes = text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
