"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, RotateCcw, Users } from "lucide-react";
import { toast } from "sonner";
import { AddUserDialog, USERS_QUERY } from "@/components/settings/add-user-dialog";
import { RoleSelect } from "@/components/settings/role-select";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { authClient, unwrap } from "@/lib/client/auth-client";
import { parseRole, type Role } from "@/lib/shared/roles";
import { useMe } from "@/lib/client/queries";
import { formatDate } from "@/lib/shared/format";

const USER_PAGE = 200;

/** Owner only: everyone with an account, their roles, and who is disabled. */
export function UsersCard() {
  const queryClient = useQueryClient();
  const me = useMe().data?.user;
  const users = useQuery({
    queryKey: USERS_QUERY,
    queryFn: () => unwrap(authClient.admin.listUsers({ query: { limit: USER_PAGE, sortBy: "createdAt", sortDirection: "asc" } })),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: USERS_QUERY });

  const setRole = useMutation({
    mutationFn: (change: { userId: string; role: Role }) => unwrap(authClient.admin.setRole(change)),
    onSuccess: (_, change) => {
      toast.success(`Role changed to ${change.role}`);
      refresh();
    },
    onError: (error) => toast.error("Could not change the role", { description: error.message }),
  });
  const setDisabled = useMutation({
    mutationFn: ({ userId, disabled }: { userId: string; disabled: boolean }) =>
      disabled ? unwrap(authClient.admin.banUser({ userId, banReason: "Disabled by the owner" })) : unwrap(authClient.admin.unbanUser({ userId })),
    onSuccess: (_, { disabled }) => {
      toast.success(disabled ? "User disabled: signed out everywhere, keys refused" : "User enabled again");
      refresh();
    },
    onError: (error) => toast.error("Could not change the user", { description: error.message }),
  });

  const list = users.data?.users ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Users</CardTitle>
        <CardDescription>Operators launch runs; reviewers settle flagged items. Disabling someone signs them out and refuses their keys.</CardDescription>
        <CardAction>
          <AddUserDialog />
        </CardAction>
      </CardHeader>
      <CardContent>
        {users.isError ? (
          <EmptyState icon={Users} tone="error" title="Could not load the users" description={users.error.message} />
        ) : list.length === 0 && !users.isPending ? (
          <EmptyState icon={Users} title="Nobody yet" />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>E-mail</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Since</TableHead>
                <TableHead className="sr-only">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((user) => {
                const self = user.id === me?.id;
                const role = parseRole(user.role) ?? "reviewer";
                return (
                  <TableRow key={user.id} className={user.banned ? "text-muted-foreground" : undefined}>
                    <TableCell className="font-medium">
                      {user.name} {self ? <Badge variant="outline">You</Badge> : null}
                      {user.banned ? <Badge variant="destructive">Disabled</Badge> : null}
                    </TableCell>
                    <TableCell>{user.email}</TableCell>
                    <TableCell>
                      <RoleSelect
                        id={`role-${user.id}`}
                        label={`Role of ${user.name}`}
                        value={role}
                        disabled={self || setRole.isPending}
                        onChange={(next) => setRole.mutate({ userId: user.id, role: next })}
                      />
                    </TableCell>
                    <TableCell>{formatDate(user.createdAt)}</TableCell>
                    <TableCell className="text-right">
                      {self ? null : (
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={setDisabled.isPending}
                          className={user.banned ? undefined : "text-destructive hover:text-destructive"}
                          onClick={() => setDisabled.mutate({ userId: user.id, disabled: !user.banned })}
                        >
                          {user.banned ? <RotateCcw aria-hidden /> : <Ban aria-hidden />} {user.banned ? "Enable" : "Disable"}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
