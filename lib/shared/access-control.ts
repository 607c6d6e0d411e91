// The admin plugin's access control, used only for what it enforces itself: its user-management
// endpoints, whose statements the owner alone holds. Shared: the auth client needs it too.
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/admin/access";

export const accessControl = createAccessControl(defaultStatements);

export const accessRoles = {
  // No impersonation: nobody acts as somebody else, so "who did what" stays true.
  owner: accessControl.newRole({
    user: ["create", "list", "set-role", "ban", "delete", "set-password", "set-email", "get", "update"],
    session: ["list", "revoke", "delete"],
  }),
  operator: accessControl.newRole({ user: [], session: [] }),
  reviewer: accessControl.newRole({ user: [], session: [] }),
};
