"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { InputField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { ROLE_DESCRIPTIONS, RoleSelect } from "@/components/settings/role-select";
import { authClient, unwrap } from "@/lib/client/auth-client";
import { MIN_PASSWORD_LENGTH } from "@/lib/shared/password";
import type { Role } from "@/lib/shared/roles";

export const USERS_QUERY = ["users"] as const;

/** The owner adds a person with a role and a first password to hand over. */
export function AddUserDialog() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("operator");
  const add = useMutation({
    mutationFn: (user: { name: string; email: string; password: string }) => unwrap(authClient.admin.createUser({ ...user, role })),
    onSuccess: (_, user) => {
      toast.success(`${user.name} can sign in now`, { description: `As ${role}, with the password you chose.` });
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: USERS_QUERY });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate({ name: String(form.get("user-name")), email: String(form.get("user-email")), password: String(form.get("user-password")) });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        add.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <UserPlus aria-hidden /> Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a user</DialogTitle>
          <DialogDescription>They sign in with this e-mail and password; tell them the password another way.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <InputField id="user-name" label="Name" required autoFocus />
          <InputField id="user-email" label="E-mail" type="email" required />
          <InputField id="user-password" label="First password" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} required />
          <div className="space-y-1.5">
            <Label htmlFor="user-role">Role</Label>
            <RoleSelect id="user-role" value={role} onChange={setRole} />
            <p className="text-xs text-muted-foreground">{ROLE_DESCRIPTIONS[role]}.</p>
          </div>
          {add.error ? (
            <p role="alert" className="text-sm text-destructive">
              {add.error.message}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
