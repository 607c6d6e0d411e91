"use client";

import { Label as LabelPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/client/cn";

export function Label({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return (
    <LabelPrimitive.Root
      className={cn("flex select-none items-center gap-2 text-sm font-medium leading-none peer-disabled:opacity-50", className)}
      {...props}
    />
  );
}
