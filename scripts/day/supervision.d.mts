/** Types for supervision.mjs: the duty supervisor and the centres' duty phones. */
export function referenceHeard(text: string): string | null;
