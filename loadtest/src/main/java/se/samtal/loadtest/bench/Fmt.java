package se.samtal.loadtest.bench;

import java.util.Locale;

/** Numbers as the table shows them: thin groups of thousands, KB with one decimal, ms with one. */
final class Fmt {
    private Fmt() {
    }

    static String count(double n) {
        return String.format(Locale.ROOT, "%,d", Math.round(n)).replace(',', ' ');
    }

    static String bytes(double n) {
        return String.format(Locale.ROOT, "%.1f KB", n / 1024);
    }

    static String gib(double n) {
        return String.format(Locale.ROOT, "%.1f GiB", n / (1L << 30));
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    /** CPU time per unit of work; "n/a" where it is not known. */
    static String micros(double micros) {
        return micros < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f µs", micros).replace(',', ' ');
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }
}
