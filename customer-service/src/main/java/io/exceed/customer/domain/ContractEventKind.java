package io.exceed.customer.domain;

/** Kinds of contract change. */
public enum ContractEventKind {
    TERMINATION_NOTICE, DOWNGRADE, UPGRADE, RENEWAL
}
