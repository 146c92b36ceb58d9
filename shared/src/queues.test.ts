import { describe, expect, it } from 'vitest';
import { JOBS, JobName } from './queues.js';

/** What a careless producer might put in a payload: a name, a phone number, a place. */
const PERSONAL = '王小明 13800138000 住在某村';

describe('the job map', () => {
  it('has one entry per job name, each on a queue', () => {
    expect(Object.keys(JOBS).sort()).toEqual(Object.values(JobName).sort());
  });

  it('takes ids, numbers and codes only: every field refuses personal text, and no extra field', () => {
    for (const [name, { payload }] of Object.entries(JOBS)) {
      for (const [field, schema] of Object.entries(payload.shape)) {
        expect(schema.safeParse(PERSONAL).success, `${name}.${field}`).toBe(false);
      }
      expect(payload.safeParse({ note: PERSONAL }).success, name).toBe(false);
    }
  });
});
