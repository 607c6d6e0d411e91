import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { anyUserExists } from "@/lib/server/auth/first-launch";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  // Open only until the first account exists; after that everyone signs in.
  if (await anyUserExists()) redirect("/sign-in");
  return (
    <AuthCard
      title="Create the owner account"
      description="This is a new Batchwise. The owner runs everything and adds the operators and reviewers who work with it."
    >
      <SetupForm />
    </AuthCard>
  );
}
