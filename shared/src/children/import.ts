import { z } from 'zod';

/** The largest register file an upload takes (`POST /api/admin/children/import`). */
export const CHILD_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** The most children one import registers (one transaction). */
export const CHILD_IMPORT_MAX_ROWS = 5000;

/** One thing wrong with an import file: its line (1 is the header), the column, what is wrong. */
export const ZChildImportProblem = z.object({
  line: z.number().int(),
  field: z.string(),
  message: z.string(),
});
export type TChildImportProblem = z.infer<typeof ZChildImportProblem>;

/** `POST /api/admin/children/import?dryRun=true` checks everything and writes nothing. */
export const ZChildImportQuery = z
  .object({ dryRun: z.enum(['true', 'false']).optional() })
  .strict();
export type TChildImportQuery = z.input<typeof ZChildImportQuery>;

/** The body: the CSV file itself (`Content-Type: text/csv`), UTF-8 or GB18030/GBK. */
export const ZChildImportCsv = z.string();

/** Children registered, children already on the register (skipped), and whether it was a trial. */
export const ZChildImportResult = z.object({
  created: z.number().int(),
  skipped: z.number().int(),
  dryRun: z.boolean(),
});
export type TChildImportResult = z.infer<typeof ZChildImportResult>;

/** The problems a refused import names in `error.data.problems` (400, nothing stored). */
export const ZChildImportRefusal = z.object({ problems: z.array(ZChildImportProblem) });

/**
 * A register file's text. Spreadsheets in China save CSV as GBK unless told otherwise: bytes
 * that are not UTF-8 are read as GB18030 (GBK's superset). A BOM is dropped.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\ufeff/, '');
}
