package dev.tenantscope.collector.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionsTagTest {
    @Test
    void readsRegionsSeparatedByCommasSemicolonsOrSpacesEachOnce() {
        RegionsTag tag = RegionsTag.parse(" us-east-1, eu-west-1;ap-southeast-2  eu-west-1 ");
        assertThat(tag.regions()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-2");
        assertThat(tag.refused()).isEmpty();
    }

    @Test
    void refusesWhatIsNotARegionNameAndKeepsTheRest() {
        RegionsTag tag = RegionsTag.parse("us-east-1,EU,eu-west");
        assertThat(tag.regions()).containsExactly("us-east-1");
        assertThat(tag.refused()).containsExactly("EU", "eu-west");
    }

    @Test
    void aGovCloudRegionIsARegion() {
        assertThat(RegionsTag.parse("us-gov-west-1").regions()).containsExactly("us-gov-west-1");
    }
}
