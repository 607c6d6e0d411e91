// The CSV ingestion path without a database: encodings, dialects, headers, line-numbered errors,
// limits, and exact cell round-trips. The shared sample files live in ../shared beside the repo.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/server/errors";
import { normalizeHeader } from "@/lib/server/datasets/header";
import type { CsvLimits } from "@/lib/server/datasets/limits";
import { parseCsv, type CsvParseOptions, type CsvParseResult } from "@/lib/server/datasets/parse-csv";

const DATA_DIR = path.resolve(process.cwd(), "../shared/data");
const BAD_DIR = path.join(DATA_DIR, "bad");

const LIMITS: CsvLimits = { maxBytes: 100 * 1024 * 1024, maxRows: 1_000_000, maxColumns: 500, maxCellBytes: 100 * 1024 };

type Input = string | Uint8Array;
type Options = Partial<Omit<CsvParseOptions, "onRows">>;

// Blob takes only ArrayBuffer-backed views; a copy gives one whatever backs a Buffer.
const toBlob = (input: Input) => new Blob([typeof input === "string" ? input : new Uint8Array(input)]);

async function parse(input: Input, options: Options = {}): Promise<CsvParseResult & { rows: string[][] }> {
  const rows: string[][] = [];
  const result = await parseCsv(toBlob(input), {
    limits: LIMITS,
    ...options,
    onRows: async (batch, firstIndex) => {
      // Batches arrive in order and without gaps.
      expect(firstIndex).toBe(rows.length);
      rows.push(...batch);
    },
  });
  return { ...result, rows };
}

async function rejection(input: Input, options: Options = {}): Promise<AppError> {
  const error = await parse(input, options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const readBad = (name: string) => fs.readFileSync(path.join(BAD_DIR, name));

/** What each file in ../shared/data/bad must do, as its README says. */
const BAD_FILE_EXPECTATIONS: Record<string, (input: Buffer) => Promise<void>> = {
  "unbalanced-quote.csv": async (input) => {
    const error = await rejection(input);
    expect(error.status).toBe(422);
    expect(error.message).toBe("Line 3: a quoted field starts here and never closes.");
    expect(error.details).toMatchObject({ line: 3, field: "file" });
  },
  "ragged-row.csv": async (input) => {
    const error = await rejection(input);
    expect(error.status).toBe(422);
    expect(error.message).toBe("Line 3 has 3 fields; the header has 2.");
    expect(error.details).toMatchObject({ line: 3, fields: 3, expected: 2 });
  },
  "empty.csv": async (input) => {
    const error = await rejection(input);
    expect(error.status).toBe(422);
    expect(error.message).toBe("The file is empty.");
  },
  "header-only.csv": async (input) => {
    const error = await rejection(input);
    expect(error.status).toBe(422);
    expect(error.message).toBe("The file has a header but no data rows.");
  },
  "duplicate-headers.csv": async (input) => {
    const result = await parse(input);
    expect(result.columns).toEqual(["id", "text", "text_2"]);
    expect(result.rows).toEqual([["1", "a", "b"]]);
    expect(result.warnings).toEqual(['Column 3 repeats the name "text"; it is now "text_2".']);
  },
  "semicolon.csv": async (input) => {
    const result = await parse(input);
    expect(result.delimiter).toBe(";");
    expect(result.columns).toEqual(["id", "text", "score"]);
    expect(result.rows).toEqual([
      ["1", "bonjour; ça va", "3,5"],
      ["2", "hello", "4"],
    ]);
  },
  "bom-crlf.csv": async (input) => {
    const result = await parse(input);
    expect(result.columns).toEqual(["id", "text"]);
    expect(result.encoding).toBe("utf-8");
    expect(result.rows).toEqual([
      ["1", "line one\r\nline two"],
      ["2", "plain"],
    ]);
  },
};

describe("the files in shared/data/bad", () => {
  it("each has an expectation here", () => {
    const files = fs.readdirSync(BAD_DIR).filter((name) => name.endsWith(".csv"));
    expect(files.sort()).toEqual(Object.keys(BAD_FILE_EXPECTATIONS).sort());
  });

  for (const [name, expectation] of Object.entries(BAD_FILE_EXPECTATIONS)) {
    it(name, () => expectation(readBad(name)));
  }
});

describe("files that are not text", () => {
  it("refuses NUL bytes without a UTF-16 byte-order mark", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const error = await rejection(Buffer.concat([png, Buffer.alloc(200, 0x41)]));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/^This is not a text file: it contains NUL bytes \(the first at byte 8\)/);
  });

  it("refuses NUL bytes in the first 8 KB, where binary formats keep their headers", async () => {
    const text = Buffer.from(`a,b\n${"1,2\n".repeat(10_000)}`);
    text[8000] = 0;
    expect((await rejection(text)).message).toBe("This is not a text file: it contains NUL bytes (the first at byte 8,000). Upload a CSV file.");
  });

  it("refuses a file past its first 8 KB when more than 1 % of its bytes are NUL", async () => {
    const text = Buffer.from(`a,b\n${"1,2\n".repeat(100_000)}`);
    // Two NULs in every 100 bytes after the first 8 KB: 2 %.
    for (let i = 8192; i < text.length; i += 50) text[i] = 0;
    expect((await rejection(text)).message).toMatch(/^This is not a text file: more than 1 % of its bytes are NUL/);
  });

  it("removes a few NUL bytes from a text file and names their rows", async () => {
    // One NUL inside a large export of real text, as a mail client leaves behind.
    const rows = Array.from({ length: 400_000 }, (_, i) => `${i},note ${i}`);
    rows[299_999] = "299999,no\u0000te";
    rows[300_004] = "300004,\u0000\u0000";
    const result = await parse(`id,note\n${rows.join("\n")}\n`);
    expect(result.rowCount).toBe(400_000);
    expect(result.rows[299_999]).toEqual(["299999", "note"]);
    expect(result.rows[300_004]).toEqual(["300004", ""]);
    expect(result.rows.some((row) => row.some((cell) => cell.includes("\u0000")))).toBe(false);
    expect(result.warnings).toEqual(["Removed 3 NUL bytes (invisible control characters) from rows 300,000 and 300,005."]);
  });

  it("removes NUL bytes when the encoding is chosen, which skips the check for binary files", async () => {
    const result = await parse("id,note\n1,a\u0000b\n", { encoding: "utf-8" });
    expect(result.rows).toEqual([["1", "ab"]]);
    expect(result.warnings).toEqual(["Removed 1 NUL byte (an invisible control character) from row 1."]);
  });

  it("names at most a few rows when many have NUL bytes", async () => {
    // Past the first 8 KB: rows 2,001, 2,101 … 5,901.
    const rows = Array.from({ length: 6000 }, (_, i) => (i >= 2000 && i % 100 === 0 ? `${i},x\u0000` : `${i},x`));
    const result = await parse(`id,note\n${rows.join("\n")}\n`);
    expect(result.warnings).toEqual([
      "Removed 40 NUL bytes (invisible control characters) from rows 2,001, 2,101, 2,201, 2,301, 2,401, 2,501, 2,601, 2,701, 2,801, 2,901 and 30 more.",
    ]);
  });

  it("refuses a start made mostly of control bytes", async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 3 === 0 ? 0x41 : 0x01 + (i % 8);
    expect((await rejection(bytes)).message).toBe("This is not a text file: it is mostly control bytes. Upload a CSV file.");
  });

  it("names an Excel workbook for what it is", async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from("[Content_Types].xml")]);
    expect((await rejection(zip)).message).toMatch(/Excel workbook \(\.xlsx\)/);
  });
});

describe("quotes as spreadsheets and Python's csv module read them", () => {
  it("reads a quote inside an unquoted field as a literal character", async () => {
    const result = await parse('id,text\n1,say "hi" now\n2,5" screen\n');
    expect(result.rows).toEqual([
      ["1", 'say "hi" now'],
      ["2", '5" screen'],
    ]);
  });

  it("reads a formula with quoted arguments as Python's csv module does", async () => {
    // The comma splits the formula; the field that starts with a quote closes at the next quote
    // and the ")" after it is kept, as csv.reader gives ['1', '=HYPERLINK("http://x"', 'y)'].
    const result = await parse('id,formula,label\n1,=HYPERLINK("http://x","y")\n2,plain,"quoted"\n');
    expect(result.rows).toEqual([
      ["1", '=HYPERLINK("http://x"', "y)"],
      ["2", "plain", "quoted"],
    ]);
  });

  it("keeps text after a quoted field's closing quote on the same line", async () => {
    const result = await parse('id,text\n1,"abc"def\n2,"x ""y"" z"!\n3,"ok"\n');
    expect(result.rows).toEqual([
      ["1", "abcdef"],
      ["2", 'x "y" z!'],
      ["3", "ok"],
    ]);
  });

  it("names the real problem of a formula split by its commas: the row's field count", async () => {
    const error = await rejection('id,text\n1,=HYPERLINK("http://x","y")\n2,ok\n');
    expect(error.message).toBe("Line 2 has 3 fields; the header has 2.");
  });

  it("keeps a whole formula in a semicolon file", async () => {
    const result = await parse('id;text\n1;=HYPERLINK("http://x","y")\n2;ok\n');
    expect(result.delimiter).toBe(";");
    expect(result.rows).toEqual([
      ["1", '=HYPERLINK("http://x","y")'],
      ["2", "ok"],
    ]);
  });

  it("still names the line of a quoted field that never closes", async () => {
    expect((await rejection('id,text\n1,a\n2,"never closes\n3,b\n')).message).toBe("Line 3: a quoted field starts here and never closes.");
    // Its first quote after the line break closes it with text after: the quote ran into later rows.
    expect((await rejection('id,text\n1,"runs on\n2,"x"\n')).message).toBe("Line 2: a quoted field starts here and never closes.");
  });
});

describe("encodings", () => {
  it("reads bytes that are not UTF-8 as Windows-1252, and says so", async () => {
    // "Café €5 “ok”" in Windows-1252: é = E9, € = 80, curly quotes = 93/94.
    const bytes = Buffer.concat([Buffer.from("id,note\n1,Caf"), Buffer.from([0xe9, 0x20, 0x80]), Buffer.from("5 "), Buffer.from([0x93, 0x6f, 0x6b, 0x94, 0x0a])]);
    const result = await parse(bytes);
    expect(result.encoding).toBe("windows-1252");
    expect(result.rows).toEqual([["1", "Café €5 “ok”"]]);
    expect(result.warnings).toContain("The file is not valid UTF-8; it was read as Windows-1252.");
  });

  it("reads UTF-16 LE with a byte-order mark", async () => {
    const result = await parse(Buffer.from("\ufeffid,name\r\n1,Zoë 😀\r\n2,\"a,b\"\r\n", "utf16le"));
    expect(result.encoding).toBe("utf-16le");
    expect(result.columns).toEqual(["id", "name"]);
    expect(result.rows).toEqual([
      ["1", "Zoë 😀"],
      ["2", "a,b"],
    ]);
  });

  it("reads UTF-16 BE with a byte-order mark", async () => {
    const le = Buffer.from("\ufeffid;name\n1;Zoë\n", "utf16le");
    const result = await parse(Buffer.from(le).swap16());
    expect(result.encoding).toBe("utf-16be");
    expect(result.delimiter).toBe(";");
    expect(result.rows).toEqual([["1", "Zoë"]]);
  });

  it("keeps characters whole across read chunks", async () => {
    // Multi-byte characters land on every possible offset of the 1 MiB read boundaries.
    const cell = "é😀ü".repeat(20);
    const text = `a,b\n${Array.from({ length: 30_000 }, (_, i) => `${i},${cell}`).join("\n")}\n`;
    const result = await parse(text);
    expect(result.rowCount).toBe(30_000);
    expect(result.rows.every((row, i) => row[0] === String(i) && row[1] === cell)).toBe(true);
  });

  it("finds bytes that are not UTF-8 past the first read chunk, and at the very end", async () => {
    const valid = Buffer.from(`a,b\n${"1,é😀\n".repeat(300_000)}`);
    expect(valid.length).toBeGreaterThan(2 * 1024 * 1024);
    const late = Buffer.concat([valid, Buffer.from([0x31, 0x2c, 0xe9, 0x0a])]);
    expect((await parse(late)).encoding).toBe("windows-1252");
    // A file cut inside a character: the first two of the four bytes of "😀".
    const cut = Buffer.concat([valid, Buffer.from([0x31, 0x2c, 0xf0, 0x9f])]);
    expect((await parse(cut)).encoding).toBe("windows-1252");
    expect((await parse(valid)).encoding).toBe("utf-8");
  });

  it("strips a UTF-8 byte-order mark and honours a forced encoding", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("name\nJos"), Buffer.from([0xe9, 0x0a])]);
    const result = await parse(bytes, { encoding: "windows-1252" });
    expect(result.columns).toEqual(["name"]);
    expect(result.rows).toEqual([["José"]]);
  });

  it("refuses a forced UTF-8 that the bytes are not", async () => {
    const error = await rejection(Buffer.concat([Buffer.from("a,b\n1,"), Buffer.from([0xff, 0x0a])]), { encoding: "utf-8" });
    expect(error.message).toMatch(/^The file is not valid UTF-8/);
    expect(error.details).toMatchObject({ field: "encoding" });
  });
});

describe("delimiters and line endings", () => {
  it("detects tabs", async () => {
    const result = await parse('name\tnote\nAda\t"Hi, there"\nBob\tsee; also\n');
    expect(result.delimiter).toBe("\t");
    expect(result.rows).toEqual([
      ["Ada", "Hi, there"],
      ["Bob", "see; also"],
    ]);
  });

  it("detects pipes", async () => {
    const result = await parse("id|title|price\n1|Tea, green|3,50\n2|Coffee|4\n");
    expect(result.delimiter).toBe("|");
    expect(result.rows).toEqual([
      ["1", "Tea, green", "3,50"],
      ["2", "Coffee", "4"],
    ]);
  });

  it("uses a forced delimiter", async () => {
    const result = await parse("a;b,c\n1;2,3\n", { delimiter: ";" });
    expect(result.columns).toEqual(["a", "b,c"]);
  });

  it("keeps quoted delimiters, doubled quotes and line breaks exactly", async () => {
    const result = await parse('a,b\r\n"x, ""y""","line1\nline2\r\nline3"\r\n"",end\r\n');
    expect(result.rows).toEqual([
      ['x, "y"', "line1\nline2\r\nline3"],
      ["", "end"],
    ]);
  });

  it("parses a file that mixes CRLF and LF record endings", async () => {
    const result = await parse("a,b\r\n1,2\n3,4\r\n5,6");
    expect(result.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("parses old Mac files ended by CR alone", async () => {
    const result = await parse('a,b\r1,"x\ny"\r2,3\r');
    expect(result.rows).toEqual([
      ["1", "x\ny"],
      ["2", "3"],
    ]);
  });

  it("skips blank lines, says so, and still counts them in line numbers", async () => {
    const result = await parse("a,b\n\n1,2\n   \n\n3,4\n\n");
    expect(result.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(result.warnings).toEqual(["Skipped 3 blank lines."]);
    expect((await rejection("a,b\n\n1,2\r\n\r\n3\n")).message).toBe("Line 5 has 1 field; the header has 2.");
  });
});

describe("headers", () => {
  it("names empty headers by position, visibly", async () => {
    const result = await parse("id, name ,,\n1,Ada,x,y\n");
    expect(result.columns).toEqual(["id", "name", "column_3", "column_4"]);
    expect(result.warnings).toEqual(['Column 3 has no name; it is now "column_3".', 'Column 4 has no name; it is now "column_4".']);
  });

  it("never gives a generated name that the file already uses", () => {
    expect(normalizeHeader(["text", "text_2", "text", "", "column_4"]).columns).toEqual(["text", "text_2", "text_3", "column_4_2", "column_4"]);
  });
});

/** A leads-like file with multi-line quoted notes, so physical lines and records differ. */
function generatedRows(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i % 7 === 0 ? `${i},"Name ${i}, Jr.","said ""hi""\nthen left\r\nfor good"` : `${i},Name ${i},plain note ${i}`,
  );
}

const linesBefore = (records: string[], header = 1) =>
  header + records.reduce((lines, record) => lines + record.split(/\r\n|\n/).length, 0);

describe("errors deep in a large file", () => {
  const records = generatedRows(80_000);
  const broken = 41_234;

  it("names the line of a quote that never closes, with quoted fields after it", async () => {
    const damaged = [...records];
    damaged[broken] = `${broken},"Name ${broken} never closes,plain`;
    const text = `id,name,note\n${damaged.join("\n")}\n`;
    // Several 1 MiB read chunks before the break, and more after it.
    expect(text.length).toBeGreaterThan(2.5 * 1024 * 1024);
    const error = await rejection(text);
    const line = linesBefore(records.slice(0, broken)) + 1;
    expect(error.message).toBe(`Line ${line}: a quoted field starts here and never closes.`);
    expect(error.details).toMatchObject({ line });
  });

  it("names the line of a quote that never closes, with no quote after it", async () => {
    const tail = Array.from({ length: 60_000 }, (_, i) => `${i},Name ${i},plain`);
    const text = `id,name,note\n${records.slice(0, broken).join("\n")}\n${broken},"runs to the end\n${tail.join("\n")}\n`;
    const error = await rejection(text);
    const line = linesBefore(records.slice(0, broken)) + 1;
    expect(error.message).toMatch(new RegExp(`^Line ${line}: `));
    expect(error.details).toMatchObject({ line });
  });

  it("names the line of a ragged row after thousands of multi-line records", async () => {
    const damaged = [...records];
    damaged[broken] = `${broken},only two`;
    const error = await rejection(`id,name,note\r\n${damaged.join("\r\n")}\r\n`);
    const line = linesBefore(records.slice(0, broken)) + 1;
    expect(error.message).toBe(`Line ${line} has 2 fields; the header has 3.`);
  });

  it("parses the undamaged file completely", async () => {
    const result = await parse(`id,name,note\n${records.join("\n")}\n`, { batchRows: 777 });
    expect(result.rowCount).toBe(80_000);
    expect(result.rows[7]).toEqual(["7", "Name 7, Jr.", 'said "hi"\nthen left\r\nfor good']);
  });
});

describe("limits", () => {
  const small: CsvLimits = { maxBytes: 1000, maxRows: 3, maxColumns: 3, maxCellBytes: 10 };

  it("refuses a file over the byte limit with 413", async () => {
    const error = await rejection("a\n" + "x\n".repeat(600), { limits: small });
    expect(error.status).toBe(413);
    expect(error.message).toBe("The file is 1.2 KB; the limit is 1000 bytes.");
    expect(error.details).toMatchObject({ limit: "DATASET_MAX_BYTES", max: 1000 });
  });

  it("refuses more rows than the limit, rather than keeping the first ones", async () => {
    const error = await rejection("a\n1\n2\n3\n4\n", { limits: small });
    expect(error.status).toBe(422);
    expect(error.message).toBe("Line 5: the file has more than 3 data rows, the limit.");
    expect(error.details).toMatchObject({ limit: "DATASET_MAX_ROWS", max: 3 });
    expect((await parse("a\n1\n2\n3\n", { limits: small })).rowCount).toBe(3);
  });

  it("refuses more columns than the limit", async () => {
    const error = await rejection("a,b,c,d\n1,2,3,4\n", { limits: small });
    expect(error.message).toBe("Line 1: the header has 4 columns; the limit is 3.");
    expect(error.details).toMatchObject({ limit: "DATASET_MAX_COLUMNS" });
  });

  it("refuses a cell over the size limit, counted in UTF-8 bytes", async () => {
    expect((await parse("a,b\n1,éééééé\n", { limits: { ...small, maxCellBytes: 12 } })).rowCount).toBe(1);
    const error = await rejection('a,b\n1,ok\n2,"ééééééé"\n', { limits: { ...small, maxCellBytes: 12 } });
    expect(error.message).toBe('Row 2 (line 3), column "b": the cell is 14 bytes; the limit is 12 bytes (DATASET_MAX_CELL_BYTES).');
    expect(error.details).toMatchObject({ limit: "DATASET_MAX_CELL_BYTES", column: "b", line: 3, row: 2, bytes: 14 });
  });
});

describe("a cell far larger than the limit", () => {
  const MB10 = 10 * 1024 * 1024;
  const huge = "x".repeat(MB10);
  const limitText = "the limit is 100 KB (DATASET_MAX_CELL_BYTES).";

  it.each([
    ["unquoted, in the last column", `id,text\n1,${huge}\n`, 'Row 1 (line 2), column "text"'],
    ["quoted, in the last column", `id,text\n1,"${huge}"\n2,b\n`, 'Row 1 (line 2), column "text"'],
    ["unquoted, in the first column", `text,id\n${huge},1\n`, 'Row 1 (line 2), column "text"'],
    ["unquoted, ended by CRLF", `id,text\r\n1,${huge}\r\n`, 'Row 1 (line 2), column "text"'],
    ["quoted, after a multi-line cell", `id,note,text\n1,"two\nlines","${huge}"\n`, 'Row 1 (line 2), column "text"'],
    ["in a later row", `id,text,n\n1,a,1\n\n2,b,2\n3,${huge},3\n`, 'Row 3 (line 5), column "text"'],
  ])("names the row, the column and the real size: %s", async (_case, text, where) => {
    const error = await rejection(text);
    expect(error.message).toBe(`${where}: the cell is 10 MB; ${limitText}`);
    expect(error.details).toMatchObject({ limit: "DATASET_MAX_CELL_BYTES", max: 100 * 1024, bytes: MB10 });
  });

  it("counts doubled quotes once and multi-byte characters in bytes", async () => {
    const cell = '""é'.repeat(1_000_000); // '"é' × 1,000,000: 3,000,000 bytes
    const error = await rejection(`id,text\n1,"${cell}"\n`);
    expect(error.message).toBe(`Row 1 (line 2), column "text": the cell is 2.9 MB; ${limitText}`);
    expect(error.details).toMatchObject({ bytes: 3_000_000 });
    // Under the parse window, the same count.
    const small = await rejection(`id,text\n1,"${'""é'.repeat(100_000)}"\n`);
    expect(small.message).toBe(`Row 1 (line 2), column "text": the cell is 293 KB; ${limitText}`);
  });

  it("names the line of a huge quoted field that never closes", async () => {
    const error = await rejection(`id,text\n1,a\n2,"${huge}\n3,b\n`);
    expect(error.message).toBe("Line 3: a quoted field starts here and never closes.");
  });
});

/**
 * An RFC 4180 reader written for this test alone: it shares no code with the upload path
 * (no papaparse, no chunking, no dialect or encoding guess), so agreeing with it cell by cell is
 * an independent check that nothing was lost, joined, split or altered on the way.
 */
function referenceParse(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || (char === "\r" && text[i + 1] === "\n")) {
      if (char === "\r") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}

describe("the shared sample files", () => {
  it("leads.csv: 2,080 rows and its 8 columns", async () => {
    const started = performance.now();
    const result = await parse(fs.readFileSync(path.join(DATA_DIR, "leads.csv")));
    const ms = performance.now() - started;
    expect(result.columns).toEqual(["lead_id", "name", "title", "company", "industry", "employees", "country", "notes"]);
    expect(result.rowCount).toBe(2080);
    expect(result.rows).toHaveLength(2080);
    expect(result.rows[1]).toEqual([
      "L00002",
      "Quinn Zhou",
      "IT Director",
      "Syncharbor GmbH",
      "Agency",
      "480",
      "US",
      'asked for pricing on the enterprise plan; referred by an existing customer, "very keen"',
    ]);
    console.info(`leads.csv parsed in ${ms.toFixed(1)} ms`);
  });

  it("emails.csv round-trips exactly: every cell equals the file's", async () => {
    const bytes = fs.readFileSync(path.join(DATA_DIR, "emails.csv"));
    const result = await parse(bytes);
    const [header, ...expected] = referenceParse(bytes.toString("utf8"));
    expect(result.columns).toEqual(header);
    expect(result.rowCount).toBe(600);
    expect(expected).toHaveLength(600);
    for (let r = 0; r < expected.length; r++) {
      const want = expected[r] ?? [];
      const got = result.rows[r] ?? [];
      expect(got.length, `row ${r}`).toBe(want.length);
      for (let c = 0; c < want.length; c++) if (got[c] !== want[c]) expect(got[c], `row ${r}, column ${header?.[c]}`).toBe(want[c]);
    }
    // Hand-checked spots: a multi-line body with doubled quotes, and bodies keeping their CRLF.
    expect(result.rows[0]?.[4]).toMatch(/^ {4}Date: {8}Wed, 21 Aug 2002 10:54:46 -0500\n {4}From:/);
    expect(result.rows[0]?.[4]).toContain('That\'s where the "1 hit" comes from (obviously).');
    expect(result.rows.filter((row) => row.some((cell) => cell.includes("\r\n"))).length).toBe(4);
  });
});
