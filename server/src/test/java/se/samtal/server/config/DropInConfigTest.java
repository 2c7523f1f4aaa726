package se.samtal.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Drop-in entries: defaults, one tenant's list, and every bad value named by its key. */
class DropInConfigTest {
    private static final String SECOND = """
              - id: region-y
                issuer: https://platform.region-y.example
                keys:
                  hs256Secrets: ["region-y-secret-that-is-long-enough-0123"]
            """;

    @TempDir
    Path dir;

    private SamtalConfig load(String tenantKeys) throws Exception {
        return new OneTenantYaml(dir).load(tenantKeys);
    }

    @Test
    void aTenantHasNoEntriesAndNinetyDaysUnlessItSaysOtherwise() throws Exception {
        var none = load("").tenants().getFirst().dropIn();
        assertThat(none.entries()).isEmpty();
        assertThat(none.retentionDays()).isEqualTo(90);

        var own = load("""
                dropIn:
                  retentionDays: 30
                  entries:
                    - id: bup-chat
                      title: {sv: "Chatta med BUP"}
                      answeredBy: {sv: "Kuratorer", en: "Counsellors"}
                      whereToTurn:
                        - {name: BRIS, phone: "116 111", url: "https://www.bris.se", sv: "För dig under 18"}
                """).tenants().getFirst().dropIn();
        assertThat(own.retentionDays()).isEqualTo(30);
        var entry = own.entries().getFirst();
        assertThat(entry.id()).isEqualTo("bup-chat");
        assertThat(entry.title().in("en")).as("Swedish when there is no English").isEqualTo("Chatta med BUP");
        assertThat(entry.maxOpen()).isEqualTo(100);
        assertThat(entry.newPerAddressPerHour()).isEqualTo(3);
        assertThat(entry.newPerHour()).isEqualTo(60);
        assertThat(entry.whereToTurn().getFirst().phone()).isEqualTo("116 111");
    }

    @Test
    void unknownKeysAndBadValuesAreNamedByTheirKeys() {
        var unknown = new OneTenantYaml(dir).refusal("""
                dropIn:
                  entries:
                    - {id: a, title: {sv: A}, answeredBy: {sv: B}, colour: red}
                """, "");
        assertThat(unknown.getMessage()).contains("colour").contains("unknown key");

        var bad = new OneTenantYaml(dir).refusal("""
                dropIn:
                  retentionDays: 0
                  entries:
                    - {id: "Bad Id", title: {sv: ""}, answeredBy: {en: "Only English"}, maxOpen: 0,
                       whereToTurn: [{phone: "call us", url: "http://example.com"}]}
                    - {id: twice, title: {sv: A}, answeredBy: {sv: B}}
                    - {id: twice, title: {sv: A}, answeredBy: {sv: B}}
                """, "");
        assertThat(bad.getMessage()).contains("tenants[0].dropIn.retentionDays", "tenants[0].dropIn.entries[0].id",
                "tenants[0].dropIn.entries[0].title.sv", "tenants[0].dropIn.entries[0].answeredBy.sv",
                "tenants[0].dropIn.entries[0].maxOpen", "tenants[0].dropIn.entries[0].whereToTurn[0].name",
                "tenants[0].dropIn.entries[0].whereToTurn[0].phone", "tenants[0].dropIn.entries[0].whereToTurn[0].url",
                "tenants[0].dropIn.entries[2].id");
    }

    @Test
    void anEntryIdNamesOneEntryAcrossTenants() {
        var clash = new OneTenantYaml(dir).refusal("""
                dropIn: {entries: [{id: chat, title: {sv: A}, answeredBy: {sv: B}}]}
                """, SECOND + """
                dropIn: {entries: [{id: chat, title: {sv: A}, answeredBy: {sv: B}}]}
                """.indent(4));
        assertThat(clash.getMessage()).contains("tenants[1].dropIn.entries").contains("'chat'");
    }
}
