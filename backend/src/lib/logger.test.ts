import { describe, expect, it } from 'vitest';
import { AppError } from '@hutong/shared';
import { withSafeErrors } from './logger.js';
import { captureLogs } from '../../test/logs.js';

const SECRET = '保密孩子欧阳';

/** A driver error shaped as pg and PGlite raise them: every value-bearing field filled. */
function databaseError(): Error {
  const err = Object.assign(new Error(`duplicate key value: (${SECRET})`), {
    code: '23505',
    severity: 'ERROR',
    constraint: 'reports_reference_unique',
    table: 'reports',
    detail: `Key (name)=(${SECRET}) already exists.`,
    where: `PL/pgSQL function f() line 3 at RAISE: ${SECRET}`,
    internalQuery: `select '${SECRET}'`,
    hint: SECRET,
  });
  return Object.assign(new Error(`Failed query: insert …\nparams: ${SECRET}`, { cause: err }), {
    query: 'insert into reports …',
    params: [SECRET],
  });
}

function capture() {
  const { log, text } = captureLogs();
  return { log: withSafeErrors(log), text };
}

describe('the logger', () => {
  it('reduces a logged database error to class, SQLSTATE and names, under any key', () => {
    const { log, text } = capture();
    log.error({ err: databaseError() }, 'as err');
    log.error(databaseError(), 'as the first argument');
    log.warn({ failure: databaseError(), error: databaseError() }, 'under other keys');
    log.child({ part: 'socket' }).warn({ err: databaseError() }, 'from a child');
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines).toHaveLength(4);
    expect(text()).not.toContain(SECRET);
    expect(lines[0]!.err).toMatchObject({
      type: 'Error',
      cause: { code: '23505', constraint: 'reports_reference_unique', table: 'reports' },
    });
    expect(lines[2]!.failure.cause.code).toBe('23505');
    expect(lines[2]!.error.cause.code).toBe('23505');
    expect(lines[0]!.err.stack).toMatch(/^\s+at /);
  });

  it('keeps an AppError message, which is written to be shown', () => {
    const { log, text } = capture();
    log.warn({ err: new AppError('CONFLICT', { message: 'Case already claimed' }) }, 'x');
    expect(text()).toContain('Case already claimed');
  });

  it('logs a string thrown or passed as err by its type only', () => {
    const { log, text } = capture();
    log.warn({ err: `Failed query params: ${SECRET}` }, 'x');
    expect(text()).not.toContain(SECRET);
  });
});
