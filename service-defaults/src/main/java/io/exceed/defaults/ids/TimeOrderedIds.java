package io.exceed.defaults.ids;

import java.util.regex.Pattern;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** New resource ids: UUIDv7, so ids sort by creation time and paginate in a stable order. */
public final class TimeOrderedIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f-]{36}");

    private TimeOrderedIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }

    /** Whether {@code text} has an id's shape: a page token's position is the id its page ended with. */
    public static boolean isId(String text) {
        return SHAPE.matcher(text).matches();
    }
}
