package dev.tenantscope.collector.internal.aws;

import java.util.function.BiFunction;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/** The innermost call: signs with the target's credentials per request, on the shared client for its region. */
public final class SdkCall<Q extends AwsRequest, R> implements AwsCall<Q, R> {
    private final ApiId api;
    private final BiFunction<String, Q, R> send;

    /** @param send (region, request with credentials) → response, on the shared client of that region */
    public SdkCall(ApiId api, BiFunction<String, Q, R> send) {
        this.api = api;
        this.send = send;
    }

    @Override
    public ApiId api() {
        return api;
    }

    @Override
    public R call(Target target, Q request) {
        return send.apply(target.region(), withCredentials(request, target.credentials()));
    }

    @SuppressWarnings("unchecked")
    static <Q extends AwsRequest> Q withCredentials(Q request, Credentials credentials) {
        AwsRequest.Builder b = request.toBuilder();
        b.overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials)
                .build());
        return (Q) b.build();
    }
}
