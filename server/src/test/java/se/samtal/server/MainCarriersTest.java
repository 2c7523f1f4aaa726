package se.samtal.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line runs enough carrier threads for virtual threads even on one core. */
class MainCarriersTest {

    @Test
    void atLeastFourCarriersWhateverTheCoresUnlessSetOnTheCommandLine() {
        assertThat(Main.carriers(null, 1)).isEqualTo("4");
        assertThat(Main.carriers("", 2)).isEqualTo("4");
        assertThat(Main.carriers(null, 16)).isEqualTo("16");
        assertThat(Main.carriers("2", 1)).as("the operator's own setting").isEqualTo("2");
    }

    @Test
    void loadingTheCommandLineSetsTheSchedulersProperty() throws Exception {
        Class.forName(Main.class.getName(), true, Main.class.getClassLoader());
        assertThat(Integer.parseInt(System.getProperty(Main.CARRIERS_PROPERTY))).isGreaterThanOrEqualTo(Main.MIN_CARRIERS);
    }
}
