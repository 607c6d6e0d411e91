import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native drivers stay outside the bundle; they are loaded from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "pg"],
};

export default nextConfig;
