/** Types for report.mjs. */
export function simulatedWait(realMs: number, systemMs: number, speed: number): number;

export interface Summary {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}
export interface RegisterFigures {
  files: number;
  visits: {
    due: number;
    done: number;
    onTime: number;
    late: number;
    notDoneAtEnd: number;
    home: number;
    phone: number;
    foundDanger: number;
  };
  checkinCalls: { made: number; answered: number; notAnswered: number };
  warnings: {
    raised: number;
    byKind: Record<string, number>;
    acknowledged: number;
    escalated: number;
    unhandledAtEnd: number;
    byStatus: Record<string, number>;
  };
  warningToCaseS: Summary;
  escalationsOnConsole: number;
  escalateToConsoleMs: Summary;
  escalateRequestMs: Summary;
  errors: string[];
}
export function registerFigures(
  reg: {
    files: Array<{ index: number; dueReal?: number }>;
    visits: Array<{ fileIndex: number; kind: string; late: boolean; danger: string | null }>;
    calls: Array<{ outcome: string | null }>;
    warnings: Map<string, { kind: string; status: string; handled?: string }>;
    escalations: Array<{
      reference: string;
      seenAt: number;
      requestedAt: number;
      answeredAt: number;
    }>;
    errors: string[];
  },
  sightings: Array<{ reference?: string | null; at: number }>,
  speed: number,
  windowEndReal: number,
): RegisterFigures;
