package se.samtal.server.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A number of bytes, written in configuration as {@code 65536}, {@code 64KiB} or {@code 1MiB}. */
public record ByteSize(long bytes) {

    public static ByteSize ofKiB(long kib) {
        return new ByteSize(kib * 1024);
    }

    public static ByteSize ofMiB(long mib) {
        return new ByteSize(mib * 1024 * 1024);
    }

    @JsonCreator
    public static ByteSize parse(Object value) {
        if (value instanceof Number n) {
            return new ByteSize(n.longValue());
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT).replace(" ", "");
        long factor = 1;
        for (var unit : new String[][]{{"kib", "1024"}, {"kb", "1000"}, {"mib", "1048576"}, {"mb", "1000000"}, {"b", "1"}}) {
            if (text.endsWith(unit[0])) {
                factor = Long.parseLong(unit[1]);
                text = text.substring(0, text.length() - unit[0].length());
                break;
            }
        }
        try {
            return new ByteSize(Math.multiplyExact(Long.parseLong(text), factor));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size; write it as 65536, 64KiB or 1MiB");
        }
    }

    public int asInt() {
        return Math.toIntExact(bytes);
    }

    @JsonValue
    @Override
    public String toString() {
        return bytes % 1048576 == 0 ? bytes / 1048576 + "MiB" : bytes % 1024 == 0 ? bytes / 1024 + "KiB" : Long.toString(bytes);
    }
}
