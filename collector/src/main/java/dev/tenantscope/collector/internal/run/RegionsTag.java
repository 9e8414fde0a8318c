package dev.tenantscope.collector.internal.run;

import dev.tenantscope.config.AwsConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of an account's {@code tenantscope-regions} tag: region names separated by commas, semicolons or
 * spaces. What is not a region name is refused, so one typo does not send every run of the account to an endpoint
 * that does not exist.
 *
 * @param regions the region names, in the tag's order, each once
 * @param refused the rest, as written
 */
record RegionsTag(List<String> regions, List<String> refused) {
    RegionsTag {
        regions = List.copyOf(regions);
        refused = List.copyOf(refused);
    }

    static RegionsTag parse(String value) {
        List<String> regions = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String r : value.strip().split("\\s*[,; ]\\s*")) {
            if (r.isEmpty()) {
                continue;
            }
            if (!AwsConfig.REGION.matcher(r).matches()) {
                refused.add(r);
            } else if (!regions.contains(r)) {
                regions.add(r);
            }
        }
        return new RegionsTag(regions, refused);
    }
}
