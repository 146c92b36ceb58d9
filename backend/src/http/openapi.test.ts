import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { API, ZCreateReport, type ApiRoute } from '@hutong/shared';
import { startTestServer, type TestServer } from '../../test/server.js';
import { TEST_DB_KIND } from '../../test/db.js';
import { buildOpenApi, EXAMPLE_REPORT } from './openapi.js';

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  [key: string]: unknown;
}

describe('the OpenAPI document', () => {
  const document = buildOpenApi() as unknown as Document;

  it('is a valid OpenAPI 3.1 document by an independent validator', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('describes every route of the shared API table, with its method and schemas', () => {
    for (const [name, contract] of Object.entries(API) as [ApiRoute, (typeof API)[ApiRoute]][]) {
      const path = contract.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = document.paths[path]?.[contract.method.toLowerCase()];
      expect(operation?.operationId, `${name} (${contract.method} ${path})`).toBe(name);
      expect(operation!.requestBody !== undefined, `${name} request body`).toBe('body' in contract);
      expect(JSON.stringify(operation!.responses), name).toContain('#/components/schemas/');
    }
  });

  it('lets partners file a report with an API key, and names the error envelope and codes', () => {
    const file = document.paths['/api/reports']!.post!;
    expect(file.security).toContainEqual({ apiKey: [] });
    expect(document.components.securitySchemes).toMatchObject({
      apiKey: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie' },
    });
    expect(JSON.stringify(document.components.schemas.Error)).toContain('VALIDATION_FAILED');
    expect(document.paths['/api/webhooks']!.post!.security).toEqual([{ session: [] }]);
  });

  it("gives an example of filing a report that the intake's own schema accepts", () => {
    expect(ZCreateReport.safeParse(EXAMPLE_REPORT).success).toBe(true);
  });
});

describe(`/api/openapi.json and /api/docs (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('serves the document to anyone', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Document;
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(body.paths)).toContain('/api/reports');
  });

  it('serves the rendered reference from the package, its scripts same-origin under the CSP', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source.startsWith('/api/docs/'), source).toBe(true);
      const asset = await fetch(`${server.url}${source}`);
      expect(asset.status, source).toBe(200);
      expect((await asset.text()).length, source).toBeGreaterThan(10);
    }
    expect(html).not.toMatch(/<script>[^<]/);
    expect((await fetch(`${server.url}/api/docs/assets/index.html`)).status).toBe(404);
  });
});
