"use client";

import { LogOut, Settings, UserRound } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { authClient } from "@/lib/client/auth-client";
import { useMe } from "@/lib/client/queries";

export function UserMenu() {
  const me = useMe().data?.user;
  if (!me) return null;

  async function signOut() {
    await authClient.signOut();
    // A full load: every cached query belonged to the session that just ended.
    window.location.assign("/sign-in");
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Account: ${me.name}`} data-testid="user-menu">
          <UserRound aria-hidden />
          <span className="hidden max-w-32 truncate md:inline">{me.name}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>
          <div className="truncate font-medium">{me.name}</div>
          <div className="truncate text-xs text-muted-foreground">{me.email}</div>
          {me.role ? (
            <Badge variant="secondary" className="mt-1.5 capitalize">
              {me.role}
            </Badge>
          ) : null}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings">
            <Settings aria-hidden /> Settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void signOut()}>
          <LogOut aria-hidden /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
