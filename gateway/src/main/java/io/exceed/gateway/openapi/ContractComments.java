package io.exceed.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors;

/**
 * The comments of the contracts, by element: the generated Java descriptors drop them, so the proto module
 * ships a descriptor set with source info ({@value #RESOURCE}) and this reads the leading comment (or the
 * trailing one) of every message, field, enum, enum value, service and method from it.
 */
public final class ContractComments {

    public static final String RESOURCE = "exceed/contracts.protoset";

    // Field numbers of descriptor.proto, as SourceCodeInfo paths use them.
    private static final int FILE_MESSAGE = 4;
    private static final int FILE_ENUM = 5;
    private static final int FILE_SERVICE = 6;
    private static final int MESSAGE_FIELD = 2;
    private static final int MESSAGE_NESTED = 3;
    private static final int MESSAGE_ENUM = 4;
    private static final int MESSAGE_ONEOF = 8;
    private static final int ENUM_VALUE = 2;
    private static final int SERVICE_METHOD = 2;

    private final Map<String, String> byName;

    private ContractComments(Map<String, String> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The comments in the descriptor set on the class path; a build without it cannot document the API. */
    public static ContractComments load() {
        try (InputStream in = ContractComments.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: the proto module builds it");
            }
            return of(FileDescriptorSet.parseFrom(in));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + RESOURCE, unreadable);
        }
    }

    static ContractComments of(FileDescriptorSet set) {
        Map<String, String> comments = new HashMap<>();
        for (FileDescriptorProto file : set.getFileList()) {
            for (SourceCodeInfo.Location location : file.getSourceCodeInfo().getLocationList()) {
                String comment = text(location);
                if (comment.isEmpty()) {
                    continue;
                }
                name(file, location.getPathList()).ifPresent(name -> comments.putIfAbsent(name, comment));
            }
        }
        return new ContractComments(comments);
    }

    public Optional<String> of(Descriptors.Descriptor message) {
        return find(message.getFullName());
    }

    public Optional<String> of(Descriptors.FieldDescriptor field) {
        return find(field.getFullName());
    }

    public Optional<String> of(Descriptors.EnumDescriptor enumType) {
        return find(enumType.getFullName());
    }

    public Optional<String> of(Descriptors.EnumValueDescriptor value) {
        return find(value.getType().getFullName() + "." + value.getName());
    }

    public Optional<String> of(Descriptors.OneofDescriptor oneof) {
        return find(oneof.getFullName());
    }

    public Optional<String> of(Descriptors.ServiceDescriptor service) {
        return find(service.getFullName());
    }

    public Optional<String> of(Descriptors.MethodDescriptor method) {
        return find(method.getFullName());
    }

    private Optional<String> find(String fullName) {
        return Optional.ofNullable(byName.get(fullName));
    }

    /** The comment's text, each line's single leading space (the one after {@code //}) removed. */
    private static String text(SourceCodeInfo.Location location) {
        String raw = location.hasLeadingComments() ? location.getLeadingComments() : location.getTrailingComments();
        return raw.lines().map(line -> line.startsWith(" ") ? line.substring(1) : line)
                .reduce((a, b) -> a + "\n" + b).orElse("").strip();
    }

    /** The full name of the element a path leads to exactly, if it is one that is documented. */
    private static Optional<String> name(FileDescriptorProto file, List<Integer> path) {
        String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
        if (path.size() < 2) {
            return Optional.empty();
        }
        int index = path.get(1);
        return switch (path.get(0)) {
            case FILE_MESSAGE -> message(file.getMessageType(index), prefix, path.subList(2, path.size()));
            case FILE_ENUM -> enumType(file.getEnumType(index), prefix, path.subList(2, path.size()));
            case FILE_SERVICE -> service(file.getService(index), prefix, path.subList(2, path.size()));
            default -> Optional.empty();
        };
    }

    private static Optional<String> message(DescriptorProto message, String prefix, List<Integer> rest) {
        String name = prefix + message.getName();
        if (rest.isEmpty()) {
            return Optional.of(name);
        }
        if (rest.size() < 2) {
            return Optional.empty();
        }
        int index = rest.get(1);
        List<Integer> deeper = rest.subList(2, rest.size());
        return switch (rest.get(0)) {
            case MESSAGE_FIELD -> deeper.isEmpty() ? Optional.of(name + "." + message.getField(index).getName())
                    : Optional.empty();
            case MESSAGE_ONEOF -> deeper.isEmpty() ? Optional.of(name + "." + message.getOneofDecl(index).getName())
                    : Optional.empty();
            case MESSAGE_NESTED -> message(message.getNestedType(index), name + ".", deeper);
            case MESSAGE_ENUM -> enumType(message.getEnumType(index), name + ".", deeper);
            default -> Optional.empty();
        };
    }

    private static Optional<String> enumType(EnumDescriptorProto enumType, String prefix, List<Integer> rest) {
        String name = prefix + enumType.getName();
        if (rest.isEmpty()) {
            return Optional.of(name);
        }
        if (rest.size() == 2 && rest.get(0) == ENUM_VALUE) {
            return Optional.of(name + "." + enumType.getValue(rest.get(1)).getName());
        }
        return Optional.empty();
    }

    private static Optional<String> service(ServiceDescriptorProto service, String prefix, List<Integer> rest) {
        String name = prefix + service.getName();
        if (rest.isEmpty()) {
            return Optional.of(name);
        }
        if (rest.size() == 2 && rest.get(0) == SERVICE_METHOD) {
            return Optional.of(name + "." + service.getMethod(rest.get(1)).getName());
        }
        return Optional.empty();
    }
}
