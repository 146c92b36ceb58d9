import { describe, expect, it } from 'vitest';
import { renderSmsTemplate, smsEncoding } from '@hutong/ivr';
import { LANGUAGES } from '@hutong/shared';
import { lookupCodeHash, newLookupCode, withLookupCode } from './lookup-code.js';
import { RESOLVED_SMS } from './reporter-sms.js';

const REF = 'HT-7K3F-9QX2';

describe('lookup codes', () => {
  it('are 10 characters that cannot be misread, and only their digest is kept', () => {
    const code = newLookupCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(lookupCodeHash(REF, code)).not.toContain(code);
    expect(lookupCodeHash(REF, code.toLowerCase())).toBe(lookupCodeHash(REF, code));
  });

  it('fit the first SMS reply in two segments, in both languages', () => {
    for (const language of LANGUAGES) {
      const reply = withLookupCode(
        renderSmsTemplate('welcome', language, { ref: REF }),
        language,
        'ABCDEFGHJK',
      );
      expect(reply).toContain('ABCDEFGHJK');
      expect(reply).toContain(REF);
      expect(smsEncoding(reply).segments, language).toBeLessThanOrEqual(2);
    }
  });

  it('leave the resolution text generic and within two segments', () => {
    for (const language of LANGUAGES) {
      const text = RESOLVED_SMS[language].replaceAll('{ref}', REF);
      expect(smsEncoding(text).segments, language).toBeLessThanOrEqual(2);
      expect(text.match(/\{/g)).toBeNull();
    }
  });
});
