package io.exceed.customer.domain;

import java.util.Map;

/** Which customers a listing returns; empty strings and a null state mean "any". */
public record CustomerFilter(String tag, String accountOwner, RelationshipState relationship,
        Map<String, String> segmentAttributes, String competitorProduct) {
}
