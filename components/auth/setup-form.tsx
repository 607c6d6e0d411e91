"use client";

import { UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { InputField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/client/auth-client";
import { MIN_PASSWORD_LENGTH } from "@/lib/shared/password";

/** First launch: the owner account, then straight in. */
export function SetupForm() {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const owner = { name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")) };
    setBusy(true);
    setProblem(null);
    const response = await fetch("/api/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(owner) });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setBusy(false);
      setProblem(body?.error?.message ?? "The owner account could not be created.");
      return;
    }
    const { error } = await authClient.signIn.email({ email: owner.email, password: owner.password });
    setBusy(false);
    // Full loads, as after signing in: prefetched pages from before the account existed are stale.
    window.location.assign(error ? "/sign-in" : "/");
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <InputField id="name" label="Name" autoComplete="name" required autoFocus />
      <InputField id="email" label="E-mail" type="email" autoComplete="username" required />
      <InputField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        required
      />
      {problem ? (
        <p role="alert" className="text-sm text-destructive">
          {problem}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={busy}>
        <UserPlus aria-hidden /> {busy ? "Creating…" : "Create the owner account"}
      </Button>
    </form>
  );
}
