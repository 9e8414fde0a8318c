package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.aws.ApiId;
import dev.tenantscope.collector.internal.aws.ErrorClass;
import dev.tenantscope.model.AccountId;

/** What one puller got from one account and region: records, or a failure kept as data. */
public sealed interface CollectionResult {
    AccountId account();

    String region();

    ApiId api();

    record Collected(AccountId account, String region, ApiId api, int records) implements CollectionResult {}

    /** @param code the AWS error code (AccessDenied, ThrottlingException, …) or exception type */
    record Failed(AccountId account, String region, ApiId api, ErrorClass error, String code, String message)
            implements CollectionResult {
        public String reason() {
            return error.label() + " on " + api.operation() + " in " + region + ": " + code + ": " + message;
        }
    }
}
