import { Layers } from "lucide-react";
import Link from "next/link";
import { MainNav } from "@/components/main-nav";
import { MetaBadges } from "@/components/meta-badges";
import { SignedInOnly } from "@/components/signed-in-only";
import { UserMenu } from "@/components/auth/user-menu";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
        <Link
          href="/"
          aria-label="Batchwise"
          className="flex items-center gap-2 rounded-md font-semibold outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
            <Layers className="size-4" aria-hidden />
          </span>
          <span className="hidden sm:inline">Batchwise</span>
        </Link>
        <SignedInOnly>
          <MainNav />
          <div className="ml-auto flex items-center gap-2">
            <MetaBadges />
            <UserMenu />
          </div>
        </SignedInOnly>
      </div>
    </header>
  );
}
