/** Types for browser.mjs (plain Node so that it runs before anything is built). */
export declare const SYSTEM_CANDIDATES: readonly string[];
export declare const BUNDLED_PACKAGE: string;
export declare function findSystemBrowser(
  candidates?: readonly string[],
  pathDirs?: readonly string[],
): string | null;
export declare function bundledBrowser(cacheRoot?: string): string | null;
export declare function resolveBrowser(env?: Record<string, string | undefined>): {
  path: string;
  source: string;
};
