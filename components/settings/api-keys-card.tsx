"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, KeyRound, Plus, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { InputField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { authClient, unwrap } from "@/lib/client/auth-client";
import { formatDate } from "@/lib/shared/format";

const KEYS_QUERY = ["api-keys"] as const;

/** The signed-in user's keys for scripts: named, shown once, revocable, with their last use. */
export function ApiKeysCard() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: KEYS_QUERY, queryFn: () => unwrap(authClient.apiKey.list()) });
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  const create = useMutation({
    mutationFn: (name: string) => unwrap(authClient.apiKey.create({ name })),
    onSuccess: (key) => {
      setCreated({ name: key.name ?? "", key: key.key });
      void queryClient.invalidateQueries({ queryKey: KEYS_QUERY });
    },
    onError: (error) => toast.error("Could not create the key", { description: error.message }),
  });
  const revoke = useMutation({
    mutationFn: (keyId: string) => unwrap(authClient.apiKey.delete({ keyId })),
    onSuccess: () => {
      toast.success("Key revoked", { description: "Scripts using it are refused from now on." });
      void queryClient.invalidateQueries({ queryKey: KEYS_QUERY });
    },
    onError: (error) => toast.error("Could not revoke the key", { description: error.message }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("key-name")).trim();
    if (name) create.mutate(name, { onSuccess: () => form.reset() });
  }

  const list = keys.data?.apiKeys ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>API keys</CardTitle>
        <CardDescription>
          For scripts: send <code className="font-mono text-xs">Authorization: Bearer &lt;key&gt;</code>. A key acts with your role.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
          <div className="min-w-56 flex-1">
            <InputField id="key-name" label="Name" placeholder="Nightly import" maxLength={64} required />
          </div>
          <Button type="submit" disabled={create.isPending}>
            <Plus aria-hidden /> Create key
          </Button>
        </form>

        {created ? (
          <div role="status" className="space-y-2 rounded-lg border border-info/30 bg-info/10 p-3 text-sm">
            <p className="font-medium">Copy the key “{created.name}” now: it is not shown again.</p>
            <div className="flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded bg-background px-2 py-1 font-mono text-xs" data-testid="new-api-key">
                {created.key}
              </code>
              <Button
                size="sm"
                variant="outline"
                onClick={() => void navigator.clipboard.writeText(created.key).then(() => toast.success("Copied"))}
              >
                <Copy aria-hidden /> Copy
              </Button>
            </div>
          </div>
        ) : null}

        {keys.isError ? (
          <EmptyState icon={KeyRound} tone="error" title="Could not load your keys" description={keys.error.message} />
        ) : list.length === 0 && !keys.isPending ? (
          <EmptyState icon={KeyRound} title="No API keys yet" description="Create one for each script or machine, so each can be revoked alone." />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead className="sr-only">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((key) => (
                <TableRow key={key.id}>
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell className="font-mono text-xs">{key.start ? `${key.start}…` : "—"}</TableCell>
                  <TableCell>{formatDate(key.createdAt)}</TableCell>
                  <TableCell>{key.lastRequest ? formatDate(key.lastRequest) : "Never"}</TableCell>
                  <TableCell className="text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-destructive hover:text-destructive"
                      aria-label={`Revoke ${key.name ?? "key"}`}
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(key.id)}
                    >
                      <Trash2 aria-hidden /> Revoke
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
