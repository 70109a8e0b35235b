package io.exceed.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.UInt32Value;

import io.exceed.gateway.problem.FieldError;

/** The kinds no contract request has a field of yet: floating point, and 64-bit integers written as strings. */
class StrictJsonTest {

    @Test
    void floatingPointTakesNumbersAndTheThreeWordsOnly() {
        for (Descriptor type : new Descriptor[] {DoubleValue.getDescriptor(), FloatValue.getDescriptor()}) {
            for (String fits : new String[] {"1.5", "-2e10", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "null"}) {
                assertThat(misfits(type, fits)).as(fits).isEmpty();
            }
            for (String misfit : new String[] {"\"1.5\"", "\"nan\"", "true", "[1]"}) {
                assertThat(misfits(type, misfit)).as(misfit).extracting(FieldError::field).containsExactly("value");
            }
        }
    }

    @Test
    void sixtyFourBitIntegersTakeNumbersAndDecimalStrings() {
        for (String fits : new String[] {"12", "\"12\"", "\"-9223372036854775808\""}) {
            assertThat(misfits(Int64Value.getDescriptor(), fits)).as(fits).isEmpty();
        }
        for (String misfit : new String[] {"\"1e3\"", "\"0x10\"", "\" 12\"", "\"\"", "false"}) {
            assertThat(misfits(Int64Value.getDescriptor(), misfit)).as(misfit).hasSize(1);
        }
        assertThat(misfits(UInt32Value.getDescriptor(), "\"12\"")).as("32 bits: numbers only")
                .containsExactly(new FieldError("value", "must be a JSON number, not a string"));
    }

    private static java.util.List<FieldError> misfits(Descriptor type, String value) {
        return StrictJson.violations(type, JsonParser.parseString("{\"value\": " + value + "}").getAsJsonObject());
    }
}
