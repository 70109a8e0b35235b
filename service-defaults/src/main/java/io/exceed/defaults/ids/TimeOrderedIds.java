package io.exceed.defaults.ids;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** New resource ids: UUIDv7, so ids sort by creation time and paginate in a stable order. */
public final class TimeOrderedIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
