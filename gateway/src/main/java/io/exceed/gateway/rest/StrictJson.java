package io.exceed.gateway.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import io.exceed.gateway.problem.FieldError;

/**
 * The JSON kinds the proto3 JSON mapping gives each field, checked before {@link com.google.protobuf.util.JsonFormat}
 * parses a body, since JsonFormat also takes a number for a string, a string for a 32-bit number and a boolean, and
 * a number's digits for an enum's name. Allowed: strings for string, bytes, Timestamp, Duration and FieldMask
 * fields; numbers for numeric fields, and also decimal strings for 64-bit integers (which the gateway prints as
 * strings) and "NaN", "Infinity", "-Infinity" for floating point; true or false for bool; a value's name or
 * number for an enum; null for any field (its default). Text must not hold control characters (but tab, line feed
 * and carriage return, which free text may hold) nor unpaired surrogates, which protobuf would silently turn into
 * '?'. Values inside a value (ranges, base64, timestamps, unknown fields) stay JsonFormat's to judge.
 */
final class StrictJson {

    /** The most errors one answer lists; a large body can repeat one mistake many times. */
    static final int MAX_ERRORS = 20;

    private static final Pattern DECIMAL_INTEGER = Pattern.compile("-?[0-9]+");
    private static final Set<String> FLOAT_WORDS = Set.of("NaN", "Infinity", "-Infinity");
    private static final Set<String> STRING_TYPES = Set.of("google.protobuf.Timestamp", "google.protobuf.Duration",
            "google.protobuf.FieldMask");
    private static final Set<String> FREE_FORM_TYPES = Set.of("google.protobuf.Struct", "google.protobuf.Value",
            "google.protobuf.ListValue");
    /** Written as the value they wrap. */
    private static final Set<String> WRAPPERS = Set.of("google.protobuf.DoubleValue", "google.protobuf.FloatValue",
            "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue");

    private StrictJson() {
    }

    /** The fields of a JSON object whose values do not have their field's kind, by path (e.g. {@code emails[1]}). */
    static List<FieldError> violations(Descriptor type, JsonObject object) {
        List<FieldError> errors = new ArrayList<>();
        message(type, object, "", errors);
        return errors.size() > MAX_ERRORS ? List.copyOf(errors.subList(0, MAX_ERRORS)) : errors;
    }

    /** Why a text cannot be a value: a control character or an unpaired surrogate; empty when it can. */
    static Optional<String> textViolation(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return Optional.of(String.format("must not contain the control character U+%04X", (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must not contain an unpaired surrogate (\\u" + String.format("%04x", (int) c) + ")");
            }
        }
        return Optional.empty();
    }

    private static void message(Descriptor type, JsonObject object, String prefix, List<FieldError> errors) {
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            // An unknown field is JsonFormat's to name.
            FieldPaths.field(type, entry.getKey())
                    .ifPresent(field -> field(field, entry.getValue(), prefix + entry.getKey(), errors));
        }
    }

    private static void field(FieldDescriptor field, JsonElement value, String path, List<FieldError> errors) {
        if (value.isJsonNull()) {
            return;
        }
        if (field.isMapField()) {
            if (!value.isJsonObject()) {
                errors.add(new FieldError(path, "must be a JSON object, not " + kind(value)));
                return;
            }
            FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
            FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
            for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
                String entryPath = path + "." + entry.getKey();
                if (keyField.getJavaType() == FieldDescriptor.JavaType.STRING) {
                    textViolation(entry.getKey()).ifPresent(why -> errors.add(new FieldError(entryPath, "the key " + why)));
                }
                single(valueField, entry.getValue(), entryPath, errors);
            }
        } else if (field.isRepeated()) {
            if (!value.isJsonArray()) {
                errors.add(new FieldError(path, "must be a JSON array, not " + kind(value)));
                return;
            }
            JsonArray items = value.getAsJsonArray();
            for (int i = 0; i < items.size(); i++) {
                single(field, items.get(i), path + "[" + i + "]", errors);
            }
        } else {
            single(field, value, path, errors);
        }
    }

    /** One value of a field (the field itself, an element of a list or the value of a map entry). */
    private static void single(FieldDescriptor field, JsonElement value, String path, List<FieldError> errors) {
        if (value.isJsonNull()) {
            // JsonFormat refuses null inside a list or map, naming it.
            return;
        }
        switch (field.getJavaType()) {
            case STRING -> text(value, path, errors);
            case BYTE_STRING -> require(isString(value), value, "a base64 JSON string", path, errors);
            case INT -> require(isNumber(value), value, "a JSON number", path, errors);
            case LONG -> require(isNumber(value) || isString(value) && DECIMAL_INTEGER.matcher(value.getAsString())
                    .matches(), value, "a JSON number or a string of decimal digits", path, errors);
            case FLOAT, DOUBLE -> require(isNumber(value) || isString(value) && FLOAT_WORDS.contains(value.getAsString()),
                    value, "a JSON number (or \"NaN\", \"Infinity\", \"-Infinity\")", path, errors);
            case BOOLEAN -> require(value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean(), value,
                    "true or false", path, errors);
            case ENUM -> require(isNumber(value)
                    || isString(value) && field.getEnumType().findValueByName(value.getAsString()) != null, value,
                    "one of " + field.getEnumType().getName() + "'s names or its number", path, errors);
            case MESSAGE -> embedded(field.getMessageType(), value, path, errors);
        }
    }

    private static void embedded(Descriptor type, JsonElement value, String path, List<FieldError> errors) {
        String name = type.getFullName();
        if (STRING_TYPES.contains(name)) {
            text(value, path, errors);
        } else if (FREE_FORM_TYPES.contains(name)) {
            freeForm(value, path, errors);
        } else if (WRAPPERS.contains(name)) {
            single(type.findFieldByName("value"), value, path, errors);
        } else if (value.isJsonObject()) {
            message(type, value.getAsJsonObject(), path + ".", errors);
        } else {
            errors.add(new FieldError(path, "must be a JSON object, not " + kind(value)));
        }
    }

    /** Struct, Value and ListValue take any JSON; only their text is checked. */
    private static void freeForm(JsonElement value, String path, List<FieldError> errors) {
        if (value.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
                String entryPath = path + "." + entry.getKey();
                textViolation(entry.getKey()).ifPresent(why -> errors.add(new FieldError(entryPath, "the key " + why)));
                freeForm(entry.getValue(), entryPath, errors);
            }
        } else if (value.isJsonArray()) {
            JsonArray items = value.getAsJsonArray();
            for (int i = 0; i < items.size(); i++) {
                freeForm(items.get(i), path + "[" + i + "]", errors);
            }
        } else if (isString(value)) {
            textViolation(value.getAsString()).ifPresent(why -> errors.add(new FieldError(path, why)));
        }
    }

    private static void text(JsonElement value, String path, List<FieldError> errors) {
        if (!isString(value)) {
            errors.add(new FieldError(path, "must be a JSON string, not " + kind(value)));
            return;
        }
        textViolation(value.getAsString()).ifPresent(why -> errors.add(new FieldError(path, why)));
    }

    private static void require(boolean fits, JsonElement value, String expected, String path, List<FieldError> errors) {
        if (!fits) {
            errors.add(new FieldError(path, "must be " + expected + ", not " + kind(value)));
        }
    }

    private static boolean isString(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    private static boolean isNumber(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
    }

    private static String kind(JsonElement value) {
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        return primitive.isBoolean() ? "a boolean" : primitive.isNumber() ? "a number" : "a string";
    }
}
