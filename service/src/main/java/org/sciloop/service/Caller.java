package org.sciloop.service;

/** Who made a request: a user of the service, in their role. Their name goes into the traces they act on. */
public record Caller(String name, Role role) {
    /** Refuses the request unless the caller's role allows {@code p}. */
    public Caller require(Role.Permission p) {
        if (!role.may(p)) {
            throw new Problem(403, name + " is " + role.name().toLowerCase() + "; that role may not "
                    + p.action + " (" + allowedRoles(p) + " may)");
        }
        return this;
    }

    private static String allowedRoles(Role.Permission p) {
        StringBuilder s = new StringBuilder();
        for (Role r : Role.values()) {
            if (r.may(p)) {
                s.append(s.isEmpty() ? "" : ", ").append(r.name().toLowerCase());
            }
        }
        return s.toString();
    }
}
