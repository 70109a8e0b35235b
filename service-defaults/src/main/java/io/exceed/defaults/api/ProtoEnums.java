package io.exceed.defaults.api;

import java.util.function.Function;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ProtocolMessageEnum;

/**
 * Maps a contract enum to its domain twin by name, e.g. CONTACT_CHANNEL_EMAIL to EMAIL. The zero value
 * (UNSPECIFIED) and values this build does not know map to null, which the domain reports as invalid.
 */
public final class ProtoEnums<P extends ProtocolMessageEnum, D extends Enum<D>> {

    private final Class<D> domainType;
    private final String prefix;
    private final EnumDescriptor descriptor;
    private final Function<EnumValueDescriptor, P> fromDescriptor;

    public ProtoEnums(Class<D> domainType, String prefix, EnumDescriptor descriptor,
            Function<EnumValueDescriptor, P> fromDescriptor) {
        this.domainType = domainType;
        this.prefix = prefix;
        this.descriptor = descriptor;
        this.fromDescriptor = fromDescriptor;
    }

    public D toDomain(P value) {
        if (value.toString().equals("UNRECOGNIZED") || value.getNumber() == 0) {
            return null;
        }
        return Enum.valueOf(domainType, value.getValueDescriptor().getName().substring(prefix.length()));
    }

    public P toProto(D value) {
        return fromDescriptor.apply(descriptor.findValueByName(prefix + value.name()));
    }
}
