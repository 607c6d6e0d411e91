import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { anyUserExists } from "@/lib/server/auth/first-launch";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (!(await anyUserExists())) redirect("/setup");
  const { next } = await searchParams;
  return (
    <AuthCard title="Sign in to Batchwise" description="Use the account your Batchwise owner gave you.">
      <SignInForm next={next} />
    </AuthCard>
  );
}
