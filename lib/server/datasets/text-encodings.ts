// The encodings an upload may be read as: a list of names only, so the upload form can share it
// without pulling the server-side decoder (lib/server/datasets/encoding.ts) into the browser bundle.
import "server-only";
export const TEXT_ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252"] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];
