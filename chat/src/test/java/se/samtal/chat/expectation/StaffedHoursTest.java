package se.samtal.chat.expectation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaffedHoursTest {
    // Monday 23 November 2026; Stockholm is UTC+1 in winter.
    private static final StaffedHours HOURS = new StaffedHours("Europe/Stockholm",
            Map.of("MON", List.of("08:00-12:00", "13:00-16:30"), "fri", List.of("08:00-24:00")), List.of("2026-11-27"));

    @Test
    void isStaffedInsideTheIntervalsOfTheDayInTheClinicsTimeZone() {
        assertThat(HOURS.isStaffed(Instant.parse("2026-11-23T07:00:00Z"))).as("08:00 local").isTrue();
        assertThat(HOURS.isStaffed(Instant.parse("2026-11-23T06:59:59Z"))).isFalse();
        assertThat(HOURS.isStaffed(Instant.parse("2026-11-23T11:30:00Z"))).as("lunch").isFalse();
        assertThat(HOURS.isStaffed(Instant.parse("2026-11-23T15:29:59Z"))).isTrue();
        assertThat(HOURS.isStaffed(Instant.parse("2026-11-23T15:30:00Z"))).as("16:30 is closing time").isFalse();
        assertThat(HOURS.isStaffed(Instant.parse("2026-11-24T10:00:00Z"))).as("Tuesday is not staffed").isFalse();
        assertThat(HOURS.isStaffed(Instant.parse("2026-11-27T10:00:00Z"))).as("a closed date").isFalse();
        assertThat(HOURS.isStaffed(Instant.parse("2026-12-04T22:59:59Z"))).as("until midnight").isTrue();
    }

    @Test
    void theNextStartSkipsClosedDaysAndDatesAndGivesUpAfterTwoWeeks() {
        assertThat(HOURS.nextStart(Instant.parse("2026-11-23T11:30:00Z"))).hasValue(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(HOURS.nextStart(Instant.parse("2026-11-23T16:00:00Z"))).as("Friday the 27th is closed")
                .hasValue(Instant.parse("2026-11-30T07:00:00Z"));
        var never = new StaffedHours("Europe/Stockholm", Map.of(), List.of());
        assertThat(never.nextStart(Instant.parse("2026-11-23T16:00:00Z"))).isEmpty();
    }

    @Test
    void summerTimeMovesTheIntervalsWithTheClock() {
        var weekdays = StaffedHours.weekdays("08:00", "16:00");
        assertThat(weekdays.isStaffed(Instant.parse("2026-06-15T06:00:00Z"))).as("08:00 CEST").isTrue();
        assertThat(weekdays.isStaffed(Instant.parse("2026-06-15T05:59:00Z"))).isFalse();
    }

    @Test
    void badHoursAreRefusedWithAReasonThatNamesThePart() {
        assertThatThrownBy(() -> new StaffedHours(null, Map.of(), List.of())).hasMessageContaining("'zone'");
        assertThatThrownBy(() -> new StaffedHours("Europe/Atlantis", Map.of(), List.of())).hasMessageContaining("'zone'");
        assertThatThrownBy(() -> new StaffedHours("UTC", Map.of("funday", List.of("08:00-09:00")), List.of()))
                .hasMessageContaining("'weekly' keys");
        assertThatThrownBy(() -> new StaffedHours("UTC", Map.of("mon", List.of("9-17")), List.of())).hasMessageContaining("'mon'");
        assertThatThrownBy(() -> new StaffedHours("UTC", Map.of("mon", List.of("17:00-09:00")), List.of())).hasMessageContaining("'mon'");
        assertThatThrownBy(() -> new StaffedHours("UTC", Map.of("mon", List.of("10:00-12:00", "11:00-13:00")), List.of()))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new StaffedHours("UTC", Map.of(), List.of("24/12"))).hasMessageContaining("closedDates");
    }
}
