package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Published for each account a cost pull covered, after every line of that pull: Cost Explorer's answer for
 * {@code account} over {@code [from, until)} is complete as of {@code retrievedAt}. A line stored earlier for that
 * account and range (same account, day, service, usage type and record type) that this pull did not send again
 * has been dropped by a restatement and is zeroed; the pull's own lines carry the same {@code retrievedAt}.
 *
 * @param until exclusive
 */
public record CostPullCompleted(AccountId account, LocalDate from, LocalDate until, Instant retrievedAt) {

    public CostPullCompleted {
        Validate.notNull("account", account);
        Validate.notNull("from", from);
        Validate.notNull("until", until);
        Validate.notNull("retrievedAt", retrievedAt);
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("cost pull: until (" + until + ") must be after from (" + from + ")");
        }
    }

    public boolean covers(LocalDate day) {
        return !day.isBefore(from) && day.isBefore(until);
    }
}
