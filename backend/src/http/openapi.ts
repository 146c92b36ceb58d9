import { z } from 'zod';
import {
  API,
  ERROR_CODES,
  ERROR_STATUS,
  ROUTE_ACCESS,
  WEBHOOK_EVENTS,
  ZErrorEnvelope,
  ZWebhookMessage,
  type ApiRoute,
  type RouteContract,
} from '@hutong/shared';
import { SESSION_COOKIE } from '../features/auth/sessions.js';

type JsonSchema = Record<string, unknown>;

/** The document as `GET /api/openapi.json` answers it (its response schema in the table). */
type OpenApiDocument = JsonSchema & { openapi: string; paths: Record<string, unknown> };

/** Routes a partner system calls with its organisation's API key (`Authorization: Bearer hk_…`). */
const API_KEY_ROUTES: ReadonlySet<ApiRoute> = new Set<ApiRoute>(['createReport']);

/** The report in the reference's example (a test holds it to the intake schema). */
export const EXAMPLE_REPORT = {
  categories: ['violence_injury'],
  immediateDanger: false,
  children: [{ name: '小明', sex: 'male', age: 9, school: '城关小学' }],
  location: { regionCode: '110101', address: '东城区某街道' },
  narrative: 'The child has come to school with bruises on both arms for three weeks.',
  reporter: { type: 'organisation', orgName: '城关小学', name: '王老师', phone: '13800000000' },
  language: 'zh-CN',
};

const CURL_EXAMPLE = [
  'curl -X POST https://hutong.example.org/api/reports \\',
  '  -H "Authorization: Bearer hk_…" \\',
  '  -H "Content-Type: application/json" \\',
  '  -H "Idempotency-Key: 6f1c2b9e-3d2a-4c1e-9a57-0d5c8f2e4b11" \\',
  `  -d '${JSON.stringify(EXAMPLE_REPORT, null, 2)}'`,
].join('\n');

/** What the reference says about the routes partners use most; the rest carry their name only. */
const DOCS: { readonly [K in ApiRoute]?: { summary: string; description?: string } } = {
  hotline12345Order: {
    summary: "Hand a 12345 work order (工单) to Hutong — the 12345 line's key only",
    description: [
      'With the API key of the organisation of kind `service_line_12345`. `orderNumber` 工单编号,',
      '`orderTime` 来电时间, `caller` 来电人 (`name`, `phone`), `content` 诉求内容, `region`',
      '所属区域 (an administrative code or a region name), `timeLimit` 办理时限. Idempotent on the',
      'order number: a repeat answers the same reference with 200; another body under the same',
      'number is 409 CONFLICT. Hutong answers through its own steps (签收, 过程反馈, 办结, 退单),',
      'POSTed to 12345 as Standard Webhooks messages.',
    ].join('\n'),
  },
  hotline12345Urge: { summary: "12345 urges (督办) an order — the 12345 line's key only" },
  hotline12345Rating: {
    summary: "12345 sends the caller's satisfaction rating (回访评价) — the 12345 line's key only",
  },
  createReport: {
    summary: 'File a report (报告) — web form or partner API key',
    description: [
      'Files a child-protection report. Without credentials it is a public (anonymous or',
      'identified) report on the `web` channel; with `Authorization: Bearer hk_…` (an',
      "organisation's API key, 机构接口密钥) it is filed for that organisation on the `api` channel.",
      'Send an `Idempotency-Key` header (8–200 printable ASCII characters) so a retried request',
      'returns the first answer (with `Idempotent-Replayed: true`) instead of filing twice.',
      'The answer carries the reference number (受理编号) the reporter quotes when following up.',
      '',
      'Fields: `categories` 情形类别, `immediateDanger` 是否正处于危险中, `children` 儿童信息',
      '(`name` 姓名, `sex` 性别, `age` 年龄, `school` 学校), `location` 地点 (`regionCode`',
      '行政区划代码, `address` 详细地址), `narrative` 情况描述, `reporter` 报告人.',
      '',
      'Example:',
      '',
      '```sh',
      CURL_EXAMPLE,
      '```',
    ].join('\n'),
  },
  reportStatus: {
    summary: 'Look up a report by reference and lookup code (查询进度)',
    description:
      'The stage (`received` 已受理, `in_progress` 处理中, `resolved` 已办结, `closed` 已关闭) and a generic outcome; never the case, the child or the centre.',
  },
  orgReports: {
    summary: "A reporting organisation's own reports (本机构报告), stage and outcome only",
  },
  listRegions: { summary: 'Administrative regions (行政区划) for `location.regionCode`' },
  openApi: { summary: 'This document' },
  createWebhook: {
    summary: 'Register a webhook endpoint (注册回调地址); the secret is shown once',
    description: [
      'Deliveries follow Standard Webhooks (https://www.standardwebhooks.com): headers',
      '`webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of',
      '"{id}.{timestamp}.{body}">` keyed with the base64-decoded part of the `whsec_` secret.',
      'Failed deliveries are retried with exponential backoff for more than 24 hours; an endpoint',
      'that keeps failing is disabled with a notice. Events: ' + WEBHOOK_EVENTS.join(', ') + '.',
      'Payloads carry references, stages and ids only — never a name, narrative or address.',
    ].join('\n'),
  },
  listWebhookDeliveries: { summary: "An endpoint's deliveries (投递记录)" },
  redeliverWebhook: { summary: 'Send a delivery again now' },
};

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses) for a zod schema; its own `$defs` (recursive
 * schemas) move to `components.schemas` under the given prefix.
 */
function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  prefix: string,
  components: Record<string, JsonSchema>,
): JsonSchema {
  const raw = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = raw;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) =>
          k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
            ? [k, `#/components/schemas/${prefix}_${v.slice('#/$defs/'.length)}`]
            : [k, rewrite(v)],
        ),
      );
    }
    return value;
  };
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
    components[`${prefix}_${name}`] = rewrite(def) as JsonSchema;
  }
  return rewrite(rest) as JsonSchema;
}

function queryParameters(schema: JsonSchema): JsonSchema[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

const capitalised = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** The OpenAPI 3.1 document of every route in the shared API table. */
export function buildOpenApi(options: { serverUrl?: string } = {}): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, JsonSchema>> = {};
  components.Error = jsonSchema(ZErrorEnvelope, 'output', 'Error', components);
  components.WebhookMessage = jsonSchema(ZWebhookMessage, 'output', 'WebhookMessage', components);
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });

  for (const [name, contract] of Object.entries(API) as [ApiRoute, RouteContract][]) {
    const path = contract.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const access = ROUTE_ACCESS[name];
    const prefix = capitalised(name);
    const parameters: JsonSchema[] = [
      ...[...contract.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
        name: m[1]!,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...(contract.query
        ? queryParameters(jsonSchema(contract.query, 'input', `${prefix}Query`, components))
        : []),
    ];
    // A file (a photo) is answered as its bytes, in one of its media types; the rest as JSON.
    const fileTypes = contract.responseTypes;
    if (!fileTypes) {
      components[`${prefix}Response`] = jsonSchema(
        contract.response,
        'output',
        `${prefix}Response`,
        components,
      );
    }
    const docs = DOCS[name];
    const operation: JsonSchema = {
      operationId: name,
      summary: docs?.summary ?? name,
      ...(docs?.description ? { description: docs.description } : {}),
      tags: [tagOf(contract.path)],
      ...(parameters.length > 0 ? { parameters } : {}),
      security:
        access === 'public'
          ? API_KEY_ROUTES.has(name)
            ? [{}, { apiKey: [] }]
            : [{}]
          : access === 'partners.12345'
            ? [{ apiKey: [] }]
            : [{ session: [] }],
      ...(access && access !== 'public' && access !== 'signed_in'
        ? { 'x-hutong-permission': access }
        : {}),
      responses: {
        [String(contract.status ?? 200)]: {
          description: 'Success',
          content: fileTypes
            ? Object.fromEntries(
                fileTypes.map((type) => [
                  type,
                  { schema: { type: 'string', contentMediaType: type } },
                ]),
              )
            : {
                'application/json': { schema: { $ref: `#/components/schemas/${prefix}Response` } },
              },
        },
        ...(contract.body || contract.query || parameters.length > 0
          ? { '400': errorResponse('VALIDATION_FAILED: `error.data` names each invalid field') }
          : {}),
        ...(access === 'public'
          ? {}
          : {
              '401': errorResponse('UNAUTHENTICATED: no session'),
              '403': errorResponse('FORBIDDEN: the role or scope does not allow it'),
            }),
        ...(parameters.some((p) => p.in === 'path') ? { '404': errorResponse('NOT_FOUND') } : {}),
        ...(API_KEY_ROUTES.has(name)
          ? {
              '401': errorResponse('UNAUTHENTICATED: an unknown or revoked API key'),
              '429': errorResponse('RATE_LIMITED'),
            }
          : {}),
        default: errorResponse('Any other error in the shared envelope (see Error)'),
      },
    };
    if (contract.body) {
      components[`${prefix}Body`] = jsonSchema(contract.body, 'input', `${prefix}Body`, components);
      const mediaType: string =
        'bodyType' in contract && contract.bodyType ? contract.bodyType : 'application/json';
      operation.requestBody = {
        required: true,
        content: {
          [mediaType]: {
            schema: { $ref: `#/components/schemas/${prefix}Body` },
            ...(name === 'createReport' ? { example: EXAMPLE_REPORT } : {}),
          },
        },
      };
    }
    (paths[path] ??= {})[contract.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'Hutong (护童) API',
      version: '1',
      description: [
        'The child-protection hotline and mandatory-reporting intake. Partners file reports with',
        "their organisation's API key and hear back through signed webhooks.",
        '',
        'Every error has one shape, `{ "error": { code, status, message, data? } }`; the codes',
        'and their HTTP statuses:',
        '',
        ...ERROR_CODES.map((code) => `- \`${code}\` — ${ERROR_STATUS[code]}`),
        '',
        'Webhook bodies are described by the `WebhookMessage` schema.',
      ].join('\n'),
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    webhooks: {
      event: {
        post: {
          summary: 'A webhook delivery (Standard Webhooks), one event per request',
          parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
            name,
            in: 'header',
            required: true,
            schema: { type: 'string' },
          })),
          requestBody: {
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/WebhookMessage' } },
            },
          },
          responses: { '200': { description: 'Any 2xx acknowledges the delivery' } },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The console session, from `POST /api/auth/login`',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: "An organisation's partner API key, `hk_…` (issued by the line's admins)",
        },
      },
    },
  };
}

function tagOf(path: string): string {
  const segment = path.split('/')[2] ?? 'api';
  return segment === 'admin' ? (path.split('/')[3] ?? 'admin') : segment;
}
