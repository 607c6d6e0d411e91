// Which text encoding an uploaded file is in, and its bytes decoded to text in bounded chunks.
// Detection: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise the whole file must be
// valid UTF-8, else it is read as Windows-1252, what spreadsheet programs on Windows write.
import "server-only";
import { isUtf8 } from "node:buffer";
import { csvProblems } from "@/lib/server/datasets/csv-problems";
import type { TextEncodingName } from "@/lib/server/datasets/text-encodings";

export { TEXT_ENCODINGS, type TextEncodingName } from "@/lib/server/datasets/text-encodings";

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip before decoding. */
  bomLength: number;
  /** The bytes were not valid UTF-8, so they were read as Windows-1252: worth telling the user. */
  fallback: boolean;
  /** The text may hold NULs for the parser to remove: some were found, or the bytes were not scanned. */
  mayHoldNul: boolean;
}

/** Bytes read and decoded at a time: large enough to be fast, small enough to keep memory flat. */
export const READ_CHUNK_BYTES = 1024 * 1024;
/** The start of the file inspected for signs of binary content. */
const SNIFF_BYTES = 64 * 1024;
/** Text has almost no control bytes; binary files are full of them. */
const MAX_CONTROL_BYTE_SHARE = 0.1;
/**
 * A NUL byte this close to the start means a binary file (git looks at its first 8,000 bytes the
 * same way): binary formats keep headers with NULs there. Further in, a few NULs in text are
 * debris, removed by the parser (nul-bytes.ts); only a file with more than this share is refused.
 */
const NUL_SNIFF_BYTES = 8 * 1024;
const MAX_NUL_SHARE = 0.01;

const BOMS: { encoding: TextEncodingName; bytes: number[] }[] = [
  { encoding: "utf-8", bytes: [0xef, 0xbb, 0xbf] },
  { encoding: "utf-16le", bytes: [0xff, 0xfe] },
  { encoding: "utf-16be", bytes: [0xfe, 0xff] },
];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function bomOf(head: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  const bom = BOMS.find((candidate) => startsWith(head, candidate.bytes));
  return bom ? { encoding: bom.encoding, length: bom.bytes.length } : null;
}

/** Reads a Blob in windows: an in-memory Blob streams as one piece, which would not be bounded. */
export async function* readByteChunks(
  file: Blob,
  start = 0,
  chunkBytes = READ_CHUNK_BYTES,
): AsyncGenerator<{ offset: number; bytes: Buffer }> {
  for (let offset = start; offset < file.size; offset += chunkBytes) {
    // A Buffer view, not a plain Uint8Array: its indexOf (the NUL scan) is many times faster.
    yield { offset, bytes: Buffer.from(await file.slice(offset, offset + chunkBytes).arrayBuffer()) };
  }
}

function isControlByte(byte: number): boolean {
  // Tab, line feed, form feed and carriage return occur in text; the other C0 bytes and DEL do not.
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

function assertLooksLikeText(head: Uint8Array): void {
  if (startsWith(head, ZIP_MAGIC)) throw csvProblems.spreadsheetArchive();
  const nul = head.subarray(0, NUL_SNIFF_BYTES).indexOf(0);
  if (nul !== -1) throw csvProblems.notText(nul);
  let controls = 0;
  for (const byte of head) if (isControlByte(byte)) controls++;
  if (head.length > 0 && controls / head.length > MAX_CONTROL_BYTE_SHARE) throw csvProblems.notText();
}

/**
 * The encoding to decode `file` with. `forced` (the user's choice) skips detection but still skips
 * a byte-order mark. Throws "not a text file" for binary content (without a UTF-16 mark): a NUL
 * byte in the first 8 KB, NULs in more than 1 % of the bytes, or a start made mostly of control bytes.
 */
export async function detectEncoding(file: Blob, forced?: TextEncodingName): Promise<DetectedEncoding> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const bom = bomOf(head);
  if (forced) {
    // A UTF-8 mark read as Windows-1252 would become "ï»¿" in the first column name.
    const skip = bom && (bom.encoding === forced || (bom.encoding === "utf-8" && forced === "windows-1252"));
    return { encoding: forced, bomLength: skip ? bom.length : 0, fallback: false, mayHoldNul: true };
  }
  if (bom && bom.encoding !== "utf-8") return { encoding: bom.encoding, bomLength: bom.length, fallback: false, mayHoldNul: true };

  assertLooksLikeText(head);
  const bomLength = bom ? bom.length : 0;
  let validUtf8 = true;
  const maxNuls = Math.floor(file.size * MAX_NUL_SHARE);
  let nuls = 0;
  // A character split across two windows is checked with the next one.
  let carried: Buffer = Buffer.alloc(0);
  for await (const { bytes } of readByteChunks(file, bomLength)) {
    for (let at = bytes.indexOf(0); at !== -1; at = bytes.indexOf(0, at + 1)) {
      if (++nuls > maxNuls) throw csvProblems.mostlyNul(MAX_NUL_SHARE);
    }
    if (!validUtf8) continue;
    const window = carried.length > 0 ? Buffer.concat([carried, bytes]) : bytes;
    const end = completeCharactersEnd(window);
    validUtf8 = isUtf8(window.subarray(0, end));
    carried = window.subarray(end);
  }
  // A file that ends inside a character is not valid UTF-8 either.
  if (carried.length > 0) validUtf8 = false;
  const mayHoldNul = nuls > 0;
  return validUtf8
    ? { encoding: "utf-8", bomLength, fallback: false, mayHoldNul }
    : { encoding: "windows-1252", bomLength, fallback: true, mayHoldNul };
}

/**
 * Where the last whole character of `bytes` ends, judged by UTF-8's lead bytes: an unfinished one
 * at the end is left out. Bytes that are no valid UTF-8 at all are left for isUtf8 to refuse.
 */
function completeCharactersEnd(bytes: Uint8Array): number {
  // A character is at most 4 bytes: its lead byte is among the last 4.
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}

/**
 * The file's text, in chunks of about READ_CHUNK_BYTES. Every call passes `stream: true`: besides
 * keeping characters split across chunks whole, Node 20's one-shot windows-1252 decode is wrong
 * (it decodes Latin-1: 0x80 becomes U+0080, not "€"); the streaming path is right.
 */
export async function* decodeChunks(file: Blob, detected: DetectedEncoding): AsyncGenerator<string> {
  // UTF-8 was validated when detected; when the user forced it, invalid bytes must be an error.
  const decoder = new TextDecoder(detected.encoding, { fatal: detected.encoding === "utf-8", ignoreBOM: true });
  let position = detected.bomLength;
  try {
    for await (const { offset, bytes } of readByteChunks(file, detected.bomLength)) {
      position = offset;
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield text;
    }
    position = file.size;
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw csvProblems.invalidEncoding(detected.encoding, position);
    throw error;
  }
}
