package io.exceed.gateway.rest;

import java.util.Optional;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/** Dotted field paths as REST callers write them: each part in snake_case or in its lowerCamel JSON name. */
final class FieldPaths {

    private FieldPaths() {
    }

    /** The field one part names in a message, by proto name or JSON name. */
    static Optional<FieldDescriptor> field(Descriptor message, String part) {
        FieldDescriptor byName = message.findFieldByName(part);
        if (byName != null) {
            return Optional.of(byName);
        }
        return message.getFields().stream().filter(f -> f.getJsonName().equals(part)).findFirst();
    }

    /** The leaf field of a dotted path whose inner parts are singular message fields. */
    static Optional<FieldDescriptor> resolve(Descriptor message, String path) {
        Descriptor current = message;
        FieldDescriptor field = null;
        for (String part : path.split("\\.", -1)) {
            if (current == null) {
                return Optional.empty();
            }
            field = field(current, part).orElse(null);
            if (field == null) {
                return Optional.empty();
            }
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                    ? field.getMessageType()
                    : null;
        }
        return Optional.ofNullable(field);
    }
}
