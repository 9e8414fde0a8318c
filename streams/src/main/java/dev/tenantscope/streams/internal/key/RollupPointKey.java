package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.Validate;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One datapoint of one rollup window ({@code rollup-points-store}): the window, then the datapoint's identity
 * (account, series, timestamp). The identity is written last, so a window's datapoints are one prefix scan:
 * {@link #PREFIX} of any key of them. One entry per datapoint keeps a sample's cost constant; a window holding
 * all its datapoints in one value made every sample rewrite the whole window.
 */
public record RollupPointKey(RollupWindowKey window, String identity) {
    public static final KeySerde<RollupPointKey> SERDE =
            KeySerde.of(RollupPointKey.class, KeyKind.ROLLUP_POINT, RollupPointKey::write, RollupPointKey::read);

    /** The bytes of a key without its identity: the prefix every datapoint of its window shares. */
    public static final Serializer<RollupPointKey> PREFIX = (topic, k) -> {
        byte[] withEmptyIdentity = SERDE.serialize(topic, new RollupPointKey(k.window, ""));
        return Arrays.copyOf(withEmptyIdentity, withEmptyIdentity.length - 1); // drop the empty identity's length
    };

    public RollupPointKey {
        Validate.notNull("window", window);
        Validate.notNull("identity", identity);
    }

    /** Any key of this window, for a {@link #PREFIX} scan of its datapoints. */
    public static RollupPointKey of(RollupWindowKey window) {
        return new RollupPointKey(window, "");
    }

    static void write(KeyWriter w, RollupPointKey k) {
        RollupWindowKey.write(w, k.window);
        w.string(k.identity);
    }

    static RollupPointKey read(KeyReader r) {
        return new RollupPointKey(RollupWindowKey.read(r), r.string("identity"));
    }
}
