/** Types for the parts of delivery.mjs its tests use (plain Node, as the rest of the benchmark). */
export declare function referencesIn(frame: string): string[];
export declare function referencesParsed(frame: string): string[];
