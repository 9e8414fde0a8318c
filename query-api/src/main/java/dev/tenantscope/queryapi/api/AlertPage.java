package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.count;
import static dev.tenantscope.queryapi.api.Checks.list;
import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/alerts}: the filter asked for, how many alerts match, and the first {@code limit}. */
public record AlertPage(State state, Kind kind, LocalDate closedSince, long total, List<Alert> alerts) {

    public AlertPage {
        present(state, "AlertPage.state");
        present(kind, "AlertPage.kind");
        present(closedSince, "AlertPage.closedSince");
        count(total, "AlertPage.total");
        alerts = list(alerts, "AlertPage.alerts");
        if (alerts.size() > total) {
            throw new IllegalArgumentException("AlertPage: " + alerts.size() + " alerts of a total of " + total);
        }
    }

    /** {@code all} = open alerts plus those closed since {@code closedSince}. */
    public enum State {
        OPEN,
        CLOSED,
        ALL;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Kind {
        NOISY,
        QUOTA,
        COST,
        ALL;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A noisy-tenant, quota or cost-anomaly alert at its latest version. {@code evidence} is the stored evidence JSON, its
     * text when it is not JSON, or JSON null when there is none.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alert(
            String alertId,
            String kind,
            String tenantId,
            String accountId,
            String subject,
            String severity,
            String state,
            @ClickHouseTime Instant openedAt,
            @ClickHouseTime Instant updatedAt,
            @ClickHouseTime @Nullable Instant closedAt,
            double value,
            double expectedLow,
            double expectedHigh,
            double cohortPercentile,
            double threshold,
            @ClickHouseTime @Nullable Instant forecastExhaustionAt,
            JsonNode evidence) {
        public Alert {
            present(alertId, "Alert.alert_id");
            present(kind, "Alert.kind");
            present(tenantId, "Alert.tenant_id");
            present(accountId, "Alert.account_id");
            present(subject, "Alert.subject");
            present(severity, "Alert.severity");
            present(state, "Alert.state");
            present(openedAt, "Alert.opened_at");
            present(updatedAt, "Alert.updated_at");
            present(evidence, "Alert.evidence");
        }
    }
}
