/** Types for webhook-signature.mjs: a Standard Webhooks signature checked as a partner would. */
export declare function verifyStandardWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowMs?: number,
): boolean;
