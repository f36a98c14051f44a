package org.sciloop.service;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a user of the service may do. Scientists submit campaigns and tell results; operators decide on
 * approvals, pause, stop and resume, and manage the queue; evaluators verify and report; admins manage users.
 * Everyone logged in may read.
 */
public enum Role {
    SCIENTIST(Permission.READ, Permission.SUBMIT, Permission.TELL),
    OPERATOR(Permission.READ, Permission.DECIDE, Permission.CONTROL, Permission.QUEUE),
    EVALUATOR(Permission.READ, Permission.EVALUATE),
    ADMIN(Permission.READ, Permission.USERS);

    private final Set<Permission> permissions;

    Role(Permission... permissions) {
        this.permissions = EnumSet.of(permissions[0], permissions);
    }

    public boolean may(Permission p) {
        return permissions.contains(p);
    }

    /** What an endpoint asks of its caller. */
    public enum Permission {
        READ("read"), SUBMIT("submit campaigns"), TELL("tell results"), DECIDE("approve or deny experiments"),
        CONTROL("pause, stop or resume campaigns"), QUEUE("manage the queue"), EVALUATE("verify and report"),
        USERS("manage users and their tokens");

        /** What it allows, as the refusal says it. */
        final String action;

        Permission(String action) {
            this.action = action;
        }
    }

    /** The role named by {@code name} (any case), or an error listing the roles. */
    public static Role named(String name) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new Problem(400, "unknown role '" + name + "'; roles: scientist, operator, evaluator, admin");
    }
}
