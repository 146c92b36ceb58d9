/** Types for accounting.mjs: every report accounted for. */
export interface Receipt {
  channel: string;
  key: string;
  reportId?: string | null;
  caseId?: string | null;
  reference?: string | null;
}
export interface Sighting {
  reportId?: string | null;
  caseId: string;
  reference?: string | null;
  channel: string;
}
export interface Accounting {
  received: number;
  triaged: number;
  onConsole: number;
  lost: number;
  duplicated: number;
  lostKeys: string[];
  duplicateKeys: string[];
}
export function account(input: {
  receipts: Receipt[];
  sightings: Sighting[];
  triaged?: number;
}): Accounting;
export function dropSightings(sightings: Sighting[], receipt: Receipt): Sighting[];
export function accountingOk(a: Accounting): boolean;
