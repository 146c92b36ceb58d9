import { describe, expect, it } from 'vitest';
import { parsePhone, phoneMatchKey, ZDialablePhone, ZPhone, ZServicePhone } from './schemas.js';

describe('parsePhone', () => {
  it.each([
    ['13800000001', 'mobile', '13800000001', '+8613800000001', null],
    ['138 0000 0001', 'mobile', '13800000001', '+8613800000001', null],
    ['+86 138-0000-0001', 'mobile', '13800000001', '+8613800000001', null],
    ['0086 13800000001', 'mobile', '13800000001', '+8613800000001', null],
    ['8613800000001', 'mobile', '13800000001', '+8613800000001', null],
    ['0751-5321110', 'landline', '07515321110', '+867515321110', null],
    ['07515321110', 'landline', '07515321110', '+867515321110', null],
    ['0751 532 1110', 'landline', '07515321110', '+867515321110', null],
    ['(0751) 5321110', 'landline', '07515321110', '+867515321110', null],
    ['+86 751 5321110', 'landline', '07515321110', '+867515321110', null],
    ['+867515321110', 'landline', '07515321110', '+867515321110', null],
    ['010-12345678', 'landline', '01012345678', '+861012345678', null],
    ['020 8765 4321', 'landline', '02087654321', '+862087654321', null],
    ['0751-5321110-801', 'landline', '07515321110', '+867515321110', '801'],
    ['0751-5321110 转 801', 'landline', '07515321110', '+867515321110', '801'],
    ['010 12345678 ext. 12', 'landline', '01012345678', '+861012345678', '12'],
    ['+1 415 555 0100', 'international', '14155550100', '+14155550100', null],
  ])('reads %s as a %s', (input, kind, national, e164, extension) => {
    expect(parsePhone(input)).toEqual({ kind, national, e164, extension });
  });

  it.each([['110'], ['120'], ['12345'], ['12355'], ['95555']])(
    'reads the service number %s only where service numbers are allowed',
    (input) => {
      expect(parsePhone(input)).toBeNull();
      expect(parsePhone(input, { service: true })).toEqual({
        kind: 'service',
        national: input,
        e164: null,
        extension: null,
      });
    },
  );

  it.each([
    [''],
    ['12'],
    ['1380000000'], // ten digits: a mobile short of one
    ['23800000001'], // no mobile starts 2
    ['751-5321110'], // a landline without its trunk 0
    ['0751-53211'], // subscriber too short
    ['138-0000-0001-801'], // mobiles have no extensions
    ['abc'],
    ['13800000001; drop table'],
    ['+86 12345'],
  ])('refuses %j', (input) => {
    expect(parsePhone(input, { service: true })).toBeNull();
  });
});

/** A small deterministic generator: the same numbers on every run, so a failure reproduces. */
function* seeded(seed: number, count: number): Generator<number> {
  let state = seed;
  for (let i = 0; i < count; i += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield state;
  }
}
const digitsFrom = (n: number, length: number) =>
  String(n).padStart(length, '0').slice(-length).padStart(length, '0');

describe('phoneMatchKey (property: every way of writing a number matches the same key)', () => {
  const AREA_CODES = ['010', '020', '021', '0751', '0755', '0898', '0431'];
  const writings = (area: string, subscriber: string) => [
    `${area}${subscriber}`,
    `${area}-${subscriber}`,
    `${area} ${subscriber}`,
    `(${area}) ${subscriber}`,
    `+86 ${area.slice(1)} ${subscriber}`,
    `+86${area.slice(1)}${subscriber}`,
    `0086 ${area.slice(1)}-${subscriber}`,
    `${area}-${subscriber}-801`,
    `${area} ${subscriber} 转 23`,
  ];

  it('for landlines of every area-code length', () => {
    let checked = 0;
    for (const n of seeded(7, 300)) {
      const area = AREA_CODES[n % AREA_CODES.length]!;
      const subscriber = digitsFrom(n, area.length === 3 ? 8 : 7).replace(/^0/, '5');
      const keys = new Set(writings(area, subscriber).map(phoneMatchKey));
      expect([...keys]).toEqual([`${area}${subscriber}`]);
      checked += 1;
    }
    expect(checked).toBe(300);
  });

  it('for mobiles', () => {
    for (const n of seeded(11, 300)) {
      const mobile = `1${3 + (n % 7)}${digitsFrom(n, 9)}`;
      const spaced = `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
      const keys = new Set(
        [mobile, spaced, `+86${mobile}`, `+86 ${spaced}`, `0086-${mobile}`].map(phoneMatchKey),
      );
      expect([...keys]).toEqual([mobile]);
    }
  });

  it('keeps different numbers apart', () => {
    expect(phoneMatchKey('0751-5321110')).not.toBe(phoneMatchKey('0751-5321111'));
    expect(phoneMatchKey('+86 138 0000 0001')).not.toBe(phoneMatchKey('+1 138 0000 0001'));
  });
});

describe('phone schemas', () => {
  it('accepts landlines and mobiles where a person gives a number, refusing service numbers', () => {
    expect(ZPhone.safeParse('0751-5321110').success).toBe(true);
    expect(ZPhone.safeParse(' 13800000001 ').data).toBe('13800000001');
    expect(ZPhone.safeParse('110').success).toBe(false);
    expect(ZServicePhone.safeParse('110').success).toBe(true);
  });

  it('stores a number the system dials in E.164, and reads its own output back unchanged', () => {
    expect(ZDialablePhone.parse('0751-5321110')).toBe('+867515321110');
    expect(ZDialablePhone.parse('+867515321110')).toBe('+867515321110');
    expect(ZDialablePhone.parse('138 0000 0001')).toBe('+8613800000001');
    expect(ZDialablePhone.safeParse('110').success).toBe(false);
  });
});
