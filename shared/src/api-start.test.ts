import { describe, expect, it } from 'vitest';
import { API } from './api.js';
import { START_ROUTES } from './api-start.js';

describe('the routes the console sends before its route table has loaded', () => {
  it('are the route table’s own method and path, and carry no body', () => {
    for (const [route, where] of Object.entries(START_ROUTES)) {
      const contract = API[route as keyof typeof API];
      expect(contract, route).toBeDefined();
      expect({ method: contract.method, path: contract.path }, route).toEqual(where);
      expect(where.method, route).toBe('GET');
      expect('body' in contract, route).toBe(false);
    }
  });
});
