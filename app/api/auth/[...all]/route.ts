// GET|POST /api/auth/* – better-auth: sign-in, sign-out, session, users (admin plugin), API keys.
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/server/auth/auth";

export const { GET, POST } = toNextJsHandler(auth);
