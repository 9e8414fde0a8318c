package dev.tenantscope.collector.internal.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Credentials for one account that can be dropped when AWS says they expired. */
public interface Credentials extends AwsCredentialsProvider {
    /** Forget cached credentials so the next resolve assumes the role again. */
    void invalidate();

    static Credentials fixed(AwsCredentialsProvider provider) {
        return new Credentials() {
            @Override
            public AwsCredentials resolveCredentials() {
                return provider.resolveCredentials();
            }

            @Override
            public void invalidate() {
                // base credentials refresh themselves (default chain) or cannot be refreshed (static)
            }
        };
    }
}
