import { signTwilioRequest, webhookUrl } from '@hutong/ivr';

/** A form POST to one of Hutong's Twilio webhooks, signed with `authToken` as Twilio signs it. */
export function postSignedTwilio(
  baseUrl: string,
  authToken: string,
  path: string,
  params: Record<string, string>,
  init: { signal?: AbortSignal } = {},
): Promise<Response> {
  const signature = signTwilioRequest(authToken, webhookUrl(baseUrl, path), params);
  return fetch(`${baseUrl}${path}`, {
    ...init,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    },
    body: new URLSearchParams(params).toString(),
  });
}
